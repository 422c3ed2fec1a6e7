using Npgsql;

namespace XBot.Core.Insights;

public sealed record ConnectionState(string State, int Connections);

public sealed record TableSize(string Table, long TotalBytes, long TableBytes, long IndexBytes, long? EstimatedRows);

public sealed record SlowStatement(string Query, long Calls, double TotalMs, double MeanMs, double MaxMs, long Rows);

/// <summary>
/// The database page of runbooks §10. <see cref="StatementsAvailable"/> is false, with the reason in
/// <see cref="StatementsNote"/>, when <c>pg_stat_statements</c> is not created in this database or not preloaded:
/// the rest of the overview still answers.
/// </summary>
public sealed record DatabaseReport(
    string Database,
    string ServerVersion,
    long DatabaseBytes,
    IReadOnlyList<ConnectionState> Connections,
    IReadOnlyList<TableSize> Tables,
    bool StatementsAvailable,
    string? StatementsNote,
    IReadOnlyList<SlowStatement> SlowStatements);

/// <summary>Connections by state (<c>pg_stat_activity</c>), table sizes, and the slowest statements by mean time (<c>pg_stat_statements</c>).</summary>
public sealed class DatabaseOverview(NpgsqlDataSource dataSource)
{
    public const int MaxStatements = 100;
    public const string NotAvailable =
        "pg_stat_statements not available: it needs shared_preload_libraries=pg_stat_statements and CREATE EXTENSION pg_stat_statements in this database (docs/deploy.md).";

    public async Task<DatabaseReport> ReadAsync(int statements, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statements, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statements, MaxStatements);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        string database;
        long databaseBytes;
        await using (var command = new NpgsqlCommand("SELECT current_database(), pg_database_size(current_database())", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            await reader.ReadAsync(cancellationToken);
            database = reader.GetString(0);
            databaseBytes = reader.GetInt64(1);
        }

        var connections = new List<ConnectionState>();
        await using (var command = new NpgsqlCommand(
            "SELECT coalesce(state, 'unknown'), count(*) FROM pg_stat_activity WHERE datname = current_database() GROUP BY 1 ORDER BY 2 DESC, 1", connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                connections.Add(new ConnectionState(reader.GetString(0), (int)reader.GetInt64(1)));
            }
        }

        var tables = new List<TableSize>();
        await using (var command = new NpgsqlCommand(
            """
            SELECT c.relname, pg_total_relation_size(c.oid), pg_relation_size(c.oid), pg_indexes_size(c.oid),
                   CASE WHEN c.reltuples >= 0 THEN c.reltuples::bigint END
            FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE c.relkind IN ('r', 'p') AND n.nspname = current_schema()
            ORDER BY 2 DESC, 1
            """, connection))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                tables.Add(new TableSize(reader.GetString(0), reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetInt64(4)));
            }
        }

        var (available, note, slow) = await SlowStatementsAsync(connection, statements, cancellationToken);
        return new DatabaseReport(database, connection.PostgreSqlVersion.ToString(), databaseBytes, connections, tables, available, note, slow);
    }

    private static async Task<(bool Available, string? Note, IReadOnlyList<SlowStatement> Statements)> SlowStatementsAsync(NpgsqlConnection connection, int limit, CancellationToken cancellationToken)
    {
        await using (var check = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'pg_stat_statements')", connection))
        {
            if (await check.ExecuteScalarAsync(cancellationToken) is not true)
            {
                return (false, NotAvailable, []);
            }
        }
        var statements = new List<SlowStatement>();
        try
        {
            // This database's statements only; the columns are those of PostgreSQL 13 and later.
            await using var command = new NpgsqlCommand(
                """
                SELECT s.query, s.calls, s.total_exec_time, s.mean_exec_time, s.max_exec_time, s.rows
                FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
                WHERE d.datname = current_database()
                ORDER BY s.mean_exec_time DESC LIMIT @limit
                """, connection);
            command.Parameters.AddWithValue("limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                statements.Add(new SlowStatement(reader.GetString(0), reader.GetInt64(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetInt64(5)));
            }
        }
        catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.ObjectNotInPrerequisiteState or PostgresErrorCodes.UndefinedColumn or PostgresErrorCodes.InsufficientPrivilege)
        {
            // Created but not preloaded (55000), an older version's columns, or no right to read it: the rest still answers.
            return (false, $"pg_stat_statements not available: {ex.MessageText}", []);
        }
        return (true, null, statements);
    }
}
