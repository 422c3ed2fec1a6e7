using Npgsql;

namespace XBot.Core.Schema;

/// <summary>
/// The <c>bot_config</c> row (key <c>schema_version</c>, environment <c>*</c>) that the schema guard
/// reads. The runner keeps it equal to the newest applied migration. It is a row, not a column: the
/// old bot's guard read a column its own baseline never had.
/// </summary>
public static class SchemaVersionSetting
{
    public const string Key = "schema_version";
    public const string Environment = "*";

    /// <summary>The stored version as text, or null when there is no bot_config table or no row.</summary>
    public static async Task<string?> ReadAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (!await BotConfigExistsAsync(connection, null, cancellationToken))
        {
            return null;
        }
        await using var command = new NpgsqlCommand(
            "SELECT value #>> '{}' FROM bot_config WHERE key = @key AND environment = @environment", connection);
        command.Parameters.AddWithValue("key", Key);
        command.Parameters.AddWithValue("environment", Environment);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>Sets the row to <paramref name="version"/>, or removes it when null. Does nothing without a bot_config table.</summary>
    internal static async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaVersion? version, CancellationToken cancellationToken)
    {
        if (!await BotConfigExistsAsync(connection, transaction, cancellationToken))
        {
            return;
        }
        await using var command = version is null
            ? new NpgsqlCommand("DELETE FROM bot_config WHERE key = @key AND environment = @environment", connection, transaction)
            : new NpgsqlCommand(
                """
                INSERT INTO bot_config (key, environment, value, metadata)
                VALUES (@key, @environment, to_jsonb(@version::text), '{"source": "migrations"}'::jsonb)
                ON CONFLICT (key, environment) DO UPDATE SET value = excluded.value, updated_at = now()
                """,
                connection,
                transaction);
        command.Parameters.AddWithValue("key", Key);
        command.Parameters.AddWithValue("environment", Environment);
        if (version is { } v)
        {
            command.Parameters.AddWithValue("version", v.ToString());
        }
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<bool> BotConfigExistsAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('bot_config') IS NOT NULL", connection, transaction);
        return (bool)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
