using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Core.Configuration;

namespace XBot.Core.Monitoring;

/// <summary>What one observation of a condition did.</summary>
public enum ConditionChange
{
    /// <summary>Nothing new: still fine, or still bad and already alerted.</summary>
    None,

    /// <summary>Bad, but not yet for <see cref="MonitorOptions.ConfirmObservations"/> observations in a row.</summary>
    Pending,

    /// <summary>Bad long enough: the one alert went out.</summary>
    Fired,

    /// <summary>Already alerted, and now worse (WARNING to CRITICAL): alerted again at the new severity.</summary>
    Escalated,

    /// <summary>Fine again after an alert: the one "resolved" went out.</summary>
    Resolved,
}

/// <summary>A condition the monitor watches, and the alert it raises while it is bad.</summary>
public sealed record ConditionAlert(string Condition, AuditSeverity Severity, string EventType, string Message)
{
    public Alert ToAlert() => new(Severity, EventType, AlertConditions.Component, Message, new JsonObject { ["condition"] = Condition });
}

/// <summary>A row of <c>alert_state</c>.</summary>
public sealed record ActiveAlert(string Condition, string Severity, string Status, string EventType, string Message, int Observations, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, DateTimeOffset? FiredAt);

/// <summary>
/// Deduplicates the monitor's alerts (runbooks.md §10): a condition that stays bad is one alert, and its end
/// one "resolved". The state lives in <c>alert_state</c>, so a restarted worker (or a second one, or the CLI's
/// <c>monitor check</c>) does not alert again; each observation locks the condition's row. When PostgreSQL
/// itself is down the state is kept in memory for the outage and handed back to the table afterwards.
/// </summary>
public sealed partial class AlertConditions(
    NpgsqlDataSource dataSource,
    AlertDispatcher dispatcher,
    XBotOptions xbot,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<AlertConditions> logger)
{
    public const string Component = "monitor";

    private readonly ConcurrentDictionary<string, ActiveAlert> _memory = new(StringComparer.Ordinal);

    /// <summary>Records one observation: <paramref name="bad"/> is the alert while the condition is bad, null when it is fine.</summary>
    public async Task<ConditionChange> ObserveAsync(string condition, ConditionAlert? bad, CancellationToken cancellationToken)
    {
        (ConditionChange Change, ActiveAlert? State) result;
        try
        {
            result = await ObserveInDatabaseAsync(condition, bad, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            LogStateUnavailable(logger, condition, ex.GetType().Name);
            result = ObserveInMemory(condition, bad);
        }

        switch (result.Change)
        {
            case ConditionChange.Fired or ConditionChange.Escalated:
                LogFired(logger, bad!.Severity, condition, result.Change);
                await dispatcher.RaiseAsync(bad!.ToAlert(), condition, cancellationToken);
                break;
            case ConditionChange.Resolved:
                var was = result.State!;
                await dispatcher.ResolveAsync(new Alert(Enum.Parse<AuditSeverity>(was.Severity, ignoreCase: true), was.EventType, Component, was.Message), condition, was.FirstSeenAt, cancellationToken);
                break;
        }
        return result.Change;
    }

    /// <summary>The conditions that are bad now (pending or firing), oldest first.</summary>
    public async Task<IReadOnlyList<ActiveAlert>> ActiveAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM alert_state WHERE environment = @env ORDER BY first_seen_at, condition", new { env = xbot.AppEnv }, cancellationToken: cancellationToken));
        return [.. rows.Select(r => r.ToActive()).Concat(_memory.Values)];
    }

    private const string Columns = "condition, severity, status, event_type, message, observations, first_seen_at, last_seen_at, fired_at";

    private async Task<(ConditionChange, ActiveAlert?)> ObserveInDatabaseAsync(string condition, ConditionAlert? bad, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var key = new { env = xbot.AppEnv, condition };
        // Serialises observers of one condition (two workers, the CLI) even before its row exists, which FOR UPDATE can't lock.
        // Bounded: a holder that hangs (a process killed mid-transaction, until its session ends) fails this observation,
        // which the next pass repeats, instead of stalling the monitor.
        await connection.ExecuteAsync(new CommandDefinition("SET LOCAL lock_timeout = '5s'", transaction: transaction, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_xact_lock(hashtextextended('alert_state/' || @env || '/' || @condition, 0))", key, transaction, cancellationToken: cancellationToken));
        var current = (await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM alert_state WHERE environment = @env AND condition = @condition FOR UPDATE", key, transaction, cancellationToken: cancellationToken)))?.ToActive();
        // A state kept in memory while PostgreSQL was down comes back to the table (or ends) now.
        if (_memory.TryRemove(condition, out var remembered) && current is null)
        {
            current = remembered;
            if (bad is not null)
            {
                await UpsertAsync(connection, transaction, remembered, cancellationToken);
            }
        }

        var (change, next) = Decide(current, bad, now);
        if (next is null && current is not null)
        {
            await connection.ExecuteAsync(new CommandDefinition("DELETE FROM alert_state WHERE environment = @env AND condition = @condition", key, transaction, cancellationToken: cancellationToken));
        }
        else if (next is not null)
        {
            await UpsertAsync(connection, transaction, next, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return (change, change == ConditionChange.Resolved ? current : next);
    }

    private Task UpsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, ActiveAlert state, CancellationToken cancellationToken) =>
        connection.ExecuteAsync(new CommandDefinition(
            """
            INSERT INTO alert_state (environment, condition, severity, status, event_type, message, observations, first_seen_at, last_seen_at, fired_at)
            VALUES (@env, @Condition, @Severity, @Status, @EventType, @Message, @Observations, @FirstSeenAt, @LastSeenAt, @FiredAt)
            ON CONFLICT (environment, condition) DO UPDATE SET severity = excluded.severity, status = excluded.status, event_type = excluded.event_type,
              message = excluded.message, observations = excluded.observations, last_seen_at = excluded.last_seen_at, fired_at = excluded.fired_at
            """,
            new { env = xbot.AppEnv, state.Condition, state.Severity, state.Status, state.EventType, state.Message, state.Observations, state.FirstSeenAt, state.LastSeenAt, state.FiredAt },
            transaction, cancellationToken: cancellationToken));

    private (ConditionChange, ActiveAlert?) ObserveInMemory(string condition, ConditionAlert? bad)
    {
        _memory.TryGetValue(condition, out var current);
        var (change, next) = Decide(current, bad, time.GetUtcNow());
        if (next is null)
        {
            _memory.TryRemove(condition, out _);
        }
        else
        {
            _memory[condition] = next;
        }
        return (change, change == ConditionChange.Resolved ? current : next);
    }

    /// <summary>The state machine: none → pending (n observations) → firing → (worse: escalated) → gone.</summary>
    private (ConditionChange, ActiveAlert?) Decide(ActiveAlert? current, ConditionAlert? bad, DateTimeOffset now)
    {
        if (bad is null)
        {
            return current is null ? (ConditionChange.None, null)
                : current.Status == "firing" ? (ConditionChange.Resolved, null)
                : (ConditionChange.None, null);
        }
        var severity = AuditEvent.SeverityText(bad.Severity);
        var observations = (current?.Observations ?? 0) + 1;
        if (current is { Status: "firing" })
        {
            var worse = bad.Severity > Enum.Parse<AuditSeverity>(current.Severity, ignoreCase: true);
            // A condition that improves (CRITICAL to WARNING) keeps its alert's severity until it clears.
            var next = current with { Observations = observations, LastSeenAt = now, Severity = worse ? severity : current.Severity, Message = worse ? bad.Message : current.Message, EventType = worse ? bad.EventType : current.EventType };
            return (worse ? ConditionChange.Escalated : ConditionChange.None, next);
        }
        var fires = observations >= options.Value.ConfirmObservations;
        var state = new ActiveAlert(bad.Condition, severity, fires ? "firing" : "pending", bad.EventType, bad.Message, observations,
            current?.FirstSeenAt ?? now, now, fires ? now : null);
        return (fires ? ConditionChange.Fired : ConditionChange.Pending, state);
    }

    private sealed record Row(string condition, string severity, string status, string event_type, string message, int observations, DateTime first_seen_at, DateTime last_seen_at, DateTime? fired_at)
    {
        public ActiveAlert ToActive() => new(condition, severity, status, event_type, message, observations, Utc(first_seen_at), Utc(last_seen_at), fired_at is { } f ? Utc(f) : null);

        private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert state for {Condition} kept in memory: PostgreSQL did not answer ({Error})")]
    private static partial void LogStateUnavailable(ILogger logger, string condition, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Condition {Condition} ({Severity}): {Change}")]
    private static partial void LogFired(ILogger logger, AuditSeverity severity, string condition, ConditionChange change);
}
