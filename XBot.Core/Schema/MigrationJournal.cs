using Npgsql;

namespace XBot.Core.Schema;

/// <summary>One row of <c>schema_migrations</c>: a migration applied (or marked by <c>db baseline</c>).</summary>
public sealed record JournalEntry(
    SchemaVersion Version,
    string Name,
    string Checksum,
    DateTimeOffset AppliedAt,
    long DurationMs,
    bool Baseline);

/// <summary>The migration journal, <c>schema_migrations</c>, which the runner creates on first use.</summary>
public static class MigrationJournal
{
    public const string Table = "schema_migrations";

    private const string CreateSql = """
        CREATE TABLE IF NOT EXISTS schema_migrations (
            version     text        PRIMARY KEY,
            name        text        NOT NULL,
            checksum    text        NOT NULL,
            applied_at  timestamptz NOT NULL,
            duration_ms bigint      NOT NULL,
            baseline    boolean     NOT NULL DEFAULT false
        )
        """;

    public static async Task<bool> ExistsAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('schema_migrations') IS NOT NULL", connection);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Creates the journal; call it under the migration lock, since concurrent CREATE TABLE IF NOT EXISTS can collide.</summary>
    internal static async Task EnsureCreatedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(CreateSql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The journal, oldest version first; empty when the table does not exist.</summary>
    public static async Task<IReadOnlyList<JournalEntry>> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(connection, cancellationToken))
        {
            return [];
        }
        var entries = new List<JournalEntry>();
        await using var command = new NpgsqlCommand(
            "SELECT version, name, checksum, applied_at, duration_ms, baseline FROM schema_migrations", connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var version = SchemaVersion.TryParse(reader.GetString(0), out var parsed)
                ? parsed
                : throw new SchemaOperationException($"schema_migrations has a row with version '{reader.GetString(0)}', which is not major.minor.patch; fix or delete that row.");
            entries.Add(new JournalEntry(
                version,
                reader.GetString(1),
                reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetInt64(4),
                reader.GetBoolean(5)));
        }
        // Ordered here, not in SQL: as text, '1.10.0' sorts before '1.9.0'.
        return [.. entries.OrderBy(e => e.Version)];
    }

    internal static async Task AddAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, JournalEntry entry, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO schema_migrations (version, name, checksum, applied_at, duration_ms, baseline)
            VALUES (@version, @name, @checksum, @applied_at, @duration_ms, @baseline)
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("version", entry.Version.ToString());
        command.Parameters.AddWithValue("name", entry.Name);
        command.Parameters.AddWithValue("checksum", entry.Checksum);
        command.Parameters.AddWithValue("applied_at", entry.AppliedAt);
        command.Parameters.AddWithValue("duration_ms", entry.DurationMs);
        command.Parameters.AddWithValue("baseline", entry.Baseline);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static async Task RemoveAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaVersion version, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("DELETE FROM schema_migrations WHERE version = @version", connection, transaction);
        command.Parameters.AddWithValue("version", version.ToString());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
