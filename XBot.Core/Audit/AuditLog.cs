using Npgsql;
using XBot.Core.Configuration;

namespace XBot.Core.Audit;

/// <summary>
/// Writes <c>audit_log</c> rows, either on their own or inside the caller's transaction so that a change
/// and its audit row commit together. Every row's context names the environment and the process.
/// Its timestamp comes from <paramref name="time"/> (the services' clock, simulated on a time-scaled stack, so
/// daily summaries and the learning views count events by the same days as the posts); without one, the database's.
/// </summary>
public sealed class AuditLog(NpgsqlDataSource dataSource, XBotOptions options, TimeProvider? time = null)
{
    private static readonly string Process = $"{Environment.MachineName}/{Environment.ProcessId}";

    public async Task WriteAsync(AuditEvent entry, CancellationToken cancellationToken = default)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await WriteAsync(connection, null, entry, cancellationToken);
    }

    /// <summary>The <c>context</c> column of <paramref name="entry"/>: its own context plus this environment and process.</summary>
    public string ContextJson(AuditEvent entry)
    {
        var context = entry.Context?.DeepClone().AsObject() ?? [];
        context.TryAdd("environment", options.AppEnv);
        context.TryAdd("process", Process);
        return context.ToJsonString();
    }

    private NpgsqlParameter At() => new("at", NpgsqlTypes.NpgsqlDbType.TimestampTz) { Value = time is null ? DBNull.Value : time.GetUtcNow() };

    /// <summary>The INSERT of <paramref name="entry"/>, for a batch that commits it with the change it records.</summary>
    public NpgsqlBatchCommand Command(AuditEvent entry)
    {
        var command = new NpgsqlBatchCommand(
            """
            INSERT INTO audit_log (timestamp, event_type, component, severity, event_data, context)
            VALUES (COALESCE(@at, now()), @type, @component, @severity, @data::jsonb, @context::jsonb)
            """);
        command.Parameters.Add(At());
        command.Parameters.AddWithValue("type", entry.EventType);
        command.Parameters.AddWithValue("component", entry.Component);
        command.Parameters.AddWithValue("severity", AuditEvent.SeverityText(entry.Severity));
        command.Parameters.AddWithValue("data", (entry.Data ?? []).ToJsonString());
        command.Parameters.AddWithValue("context", ContextJson(entry));
        return command;
    }

    public async Task WriteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, AuditEvent entry, CancellationToken cancellationToken = default)
    {

        await using var command = new NpgsqlCommand(
            """
            INSERT INTO audit_log (timestamp, event_type, component, severity, event_data, context)
            VALUES (COALESCE(@at, now()), @type, @component, @severity, @data::jsonb, @context::jsonb)
            """,
            connection,
            transaction);
        command.Parameters.Add(At());
        command.Parameters.AddWithValue("type", entry.EventType);
        command.Parameters.AddWithValue("component", entry.Component);
        command.Parameters.AddWithValue("severity", AuditEvent.SeverityText(entry.Severity));
        command.Parameters.AddWithValue("data", (entry.Data ?? []).ToJsonString());
        command.Parameters.AddWithValue("context", ContextJson(entry));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
