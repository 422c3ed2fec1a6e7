using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Audit;
using XBot.Core.Config;
using XBot.Core.Configuration;

namespace XBot.Core.Storage.Fallback;

/// <summary>The persisted manual fallback switch of one environment.</summary>
public sealed record ManualFallbackState(bool Enabled, string? Actor, string? Reason, DateTimeOffset? ChangedAt)
{
    public static readonly ManualFallbackState Off = new(false, null, null, null);
}

/// <summary>
/// Keeps the manual fallback switch in <c>bot_config</c> (key <c>fallback_mode</c>, per environment), so
/// that every process of the environment follows it and it survives restarts; PostgreSQL is the one
/// store that is certainly up when an operator reaches for fallback because Redis misbehaves.
/// </summary>
public sealed class ManualFallbackSwitch(NpgsqlDataSource dataSource, XBotOptions options, AuditLog audit)
{
    public async Task<ManualFallbackState> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT value::text, updated_at FROM bot_config WHERE key = @key AND environment = @env", connection);
        command.Parameters.AddWithValue("key", BotConfigKeys.FallbackMode);
        command.Parameters.AddWithValue("env", options.AppEnv);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return ManualFallbackState.Off;
        }
        var value = JsonNode.Parse(reader.GetString(0)) as JsonObject;
        return new ManualFallbackState(
            value?["enabled"]?.GetValue<bool>() ?? false,
            value?["actor"]?.GetValue<string>(),
            value?["reason"]?.GetValue<string>(),
            new DateTimeOffset(reader.GetDateTime(1), TimeSpan.Zero));
    }

    /// <summary>Turns the switch on or off, with its audit row in the same transaction. Returns the previous state.</summary>
    public async Task<ManualFallbackState> SetAsync(bool enabled, string actor, string? reason, CancellationToken cancellationToken = default)
    {
        actor = StoreLimits.CheckActor(actor);
        if (reason is { Length: > 500 })
        {
            throw new ArgumentException($"reason must be at most 500 characters; got {reason.Length}.", nameof(reason));
        }

        var previous = await ReadAsync(cancellationToken);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var value = new JsonObject { ["enabled"] = enabled, ["actor"] = actor, ["reason"] = reason };
        await using (var command = new NpgsqlCommand(
            """
            INSERT INTO bot_config (key, environment, value, updated_at) VALUES (@key, @env, @value::jsonb, now())
            ON CONFLICT (key, environment) DO UPDATE SET value = excluded.value, updated_at = now()
            """,
            connection,
            transaction))
        {
            command.Parameters.AddWithValue("key", BotConfigKeys.FallbackMode);
            command.Parameters.AddWithValue("env", options.AppEnv);
            command.Parameters.AddWithValue("value", value.ToJsonString());
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        await audit.WriteAsync(connection, transaction, new AuditEvent(
            enabled ? "FALLBACK_MANUAL_ENABLED" : "FALLBACK_MANUAL_DISABLED",
            "dual-store",
            AuditSeverity.Info,
            new JsonObject { ["actor"] = actor, ["reason"] = reason, ["previous"] = previous.Enabled }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return previous;
    }
}
