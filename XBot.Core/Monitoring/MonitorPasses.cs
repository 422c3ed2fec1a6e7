using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Audit;
using XBot.Core.Configuration;
using XBot.Core.Operations;
using XBot.Core.Schema;
using XBot.Core.Storage;
using XBot.Core.Storage.Consistency;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;

namespace XBot.Core.Monitoring;

/// <summary>What one pass found: its <c>system_health</c> row and what each watched condition did.</summary>
public sealed record PassResult(string Pass, DateTimeOffset At, string Status, JsonObject Metrics, IReadOnlyDictionary<string, ConditionChange> Conditions, IReadOnlyList<string> Problems);

/// <summary>
/// The monitor's three passes (runbooks.md §10). Each writes one <c>system_health</c> row and observes its
/// conditions through <see cref="AlertConditions"/>, which alerts once per bad spell:
/// <list type="bullet">
/// <item>health (every 5 min): Redis (CRITICAL when down), PostgreSQL (EMERGENCY when down), no post for 6 h
///   (WARNING), the sync backlog (WARNING over 1000 items or 1 h old, CRITICAL over 5000);</item>
/// <item>drift (hourly): the consistency audit's data drift (CRITICAL at 1 % or more) and schema drift (CRITICAL);</item>
/// <item>performance (every minute): a timed PostgreSQL query and Redis PING, then every SLO over the window
///   (a breach is a WARNING; an error rate over 1 % CRITICAL).</item>
/// </list>
/// Switching to fallback when Redis fails is not done here: the dual store's own Redis monitor does it
/// (<c>RedisMonitorService</c>); this pass reports the store's mode.
/// </summary>
public sealed class MonitorPasses(
    HealthProbe probe,
    IDualStore store,
    SyncQueue syncQueue,
    RedisGate redis,
    SchemaDrift schemaDrift,
    NpgsqlDataSource dataSource,
    SystemHealthLog healthLog,
    SloCalculator slos,
    AlertConditions conditions,
    XBotOptions xbot,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<MonitorPasses> logger)
{
    public const string Health = "health";
    public const string Drift = "drift";
    public const string Performance = "performance";

    public static readonly IReadOnlyList<string> All = [Health, Drift, Performance];

    public Task<PassResult> RunAsync(string pass, CancellationToken cancellationToken) => pass switch
    {
        Health => HealthAsync(cancellationToken),
        Drift => DriftAsync(cancellationToken),
        Performance => PerformanceAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(pass), pass, "health, drift or performance"),
    };

    public async Task<PassResult> HealthAsync(CancellationToken cancellationToken)
    {
        var figures = await probe.ReadAsync(cancellationToken);
        var sync = figures.RedisOk ? await TryAsync(() => syncQueue.StatusAsync(cancellationToken)) : null;
        var mode = store.Status;
        var metrics = new JsonObject
        {
            ["redis_ok"] = figures.RedisOk,
            ["database_ok"] = figures.DatabaseOk,
            ["queue_depth"] = figures.QueueDepth,
            ["bandits"] = figures.Bandits,
            ["last_post_at"] = figures.LastPostAt,
            ["posts_last_hour"] = figures.PostsLastHour,
            ["store_mode"] = mode.Mode.ToString(),
            ["sync_queue_depth"] = sync?.Depth,
            ["sync_oldest_age_s"] = sync?.OldestAge is { } age ? Math.Round(age.TotalSeconds, 3) : null,
            ["sync_dead_letters"] = sync?.DeadLetters,
        };
        var changes = new Dictionary<string, ConditionChange>(StringComparer.Ordinal);
        var problems = new List<string>();
        var line = HealthLine.Format(figures);

        async Task Watch(string condition, ConditionAlert? bad)
        {
            changes[condition] = await conditions.ObserveAsync(condition, bad, cancellationToken);
            if (bad is not null)
            {
                problems.Add(bad.Message);
            }
        }

        await Watch("database", figures.DatabaseOk ? null
            : new("database", AuditSeverity.Emergency, "DATABASE_DOWN", "PostgreSQL, the source of truth, does not answer: nothing can be posted or recorded."));
        if (xbot.UseRedis)
        {
            await Watch("redis", figures.RedisOk ? null
                : new("redis", AuditSeverity.Critical, "REDIS_DOWN", mode.Mode == StoreMode.Normal
                    ? "Redis does not answer PING; the dual store switches to PostgreSQL fallback by itself."
                    : $"Redis does not answer PING; the dual store is in {mode.Mode} mode, served from PostgreSQL."));
        }
        await Watch("no_post", !figures.NoPostWarning ? null
            : new("no_post", AuditSeverity.Warning, "NO_POST_6H", $"No post for {HealthLine.Age(figures.At, figures.LastPostAt)} (more than {HealthFigures.QuietWarning.TotalHours:0} h)."));
        if (sync is not null)
        {
            // Unknown while Redis can't be read: the condition keeps its state rather than reading as cleared.
            await Watch("sync_backlog", SyncBacklog(sync));
        }

        var status = figures.Status.ToLowerInvariant();
        await WriteAsync(figures.At, SystemHealthLog.HealthComponent, status, metrics, new JsonObject { ["line"] = line }, cancellationToken);
        return new PassResult(Health, figures.At, status, metrics, changes, problems);
    }

    public async Task<PassResult> DriftAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var changes = new Dictionary<string, ConditionChange>(StringComparer.Ordinal);
        var problems = new List<string>();
        var audit = await TryAsync<ConsistencyReport>(async () => await store.AuditConsistencyAsync(repair: false, "monitor", cancellationToken));
        DriftReport? schema = null;
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            schema = await schemaDrift.DetectAsync(connection, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            problems.Add($"schema drift could not be checked: {ex.GetType().Name}");
        }

        if (audit?.DriftPercent is { } percent)
        {
            var bad = percent >= SloTargets.DataDriftPercent
                ? new ConditionAlert("data_drift", AuditSeverity.Critical, "DATA_DRIFT", $"Redis and PostgreSQL differ on {percent.ToString(CultureInfo.InvariantCulture)} % of compared items (tolerance under {SloTargets.DataDriftPercent} %); run 'audit consistency --repair'.")
                : null;
            changes["data_drift"] = await conditions.ObserveAsync("data_drift", bad, cancellationToken);
            if (bad is not null)
            {
                problems.Add(bad.Message);
            }
        }
        if (schema is not null)
        {
            var bad = schema.HasDrift
                ? new ConditionAlert("schema_drift", AuditSeverity.Critical, "SCHEMA_DRIFT", $"The live schema differs from the migrations in {schema.Items.Count} place(s); run 'db drift'.")
                : null;
            changes["schema_drift"] = await conditions.ObserveAsync("schema_drift", bad, cancellationToken);
            if (bad is not null)
            {
                problems.Add(bad.Message);
            }
        }

        var metrics = new JsonObject
        {
            ["data_drift_percent"] = audit?.DriftPercent,
            ["consistency_verdict"] = audit?.Verdict,
            ["schema_drift_items"] = schema?.Items.Count,
            ["sync_queue_depth"] = audit?.SyncQueue?.Depth,
        };
        var status = audit?.DriftPercent is null && schema is null ? "unavailable"
            : (audit?.DriftPercent ?? 0) >= SloTargets.DataDriftPercent || schema?.HasDrift == true ? "drift"
            : audit?.DriftPercent is null ? "partial"
            : "ok";
        await WriteAsync(at, SystemHealthLog.DriftComponent, status, metrics, null, cancellationToken);
        try
        {
            metrics["pruned_rows"] = await healthLog.PruneAsync(at - options.Value.Retention, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Could not prune old system_health rows: {Error}", ex.GetType().Name);
        }
        return new PassResult(Drift, at, status, metrics, changes, problems);
    }

    public async Task<PassResult> PerformanceAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var databaseMs = await TimeQueryAsync(cancellationToken);
        var redisMs = xbot.UseRedis ? (await redis.PingAsync(cancellationToken))?.TotalMilliseconds : null;
        var metrics = new JsonObject
        {
            ["database_ms"] = databaseMs is { } d ? Math.Round(d, 3) : null,
            ["redis_ms"] = redisMs is { } r ? Math.Round(r, 3) : null,
        };
        // The runbooks' thresholds: PostgreSQL query under 500 ms for health (100 ms p95 for the SLO), Redis ping under 10 ms.
        var status = databaseMs is null ? "unavailable" : databaseMs >= 500 || redisMs >= 10 ? "slow" : "ok";
        await WriteAsync(at, SystemHealthLog.PerformanceComponent, status, metrics, null, cancellationToken);

        var changes = new Dictionary<string, ConditionChange>(StringComparer.Ordinal);
        var problems = new List<string>();
        var figures = await TryAsync<SloFigures>(async () => await slos.ReadAsync(at, options.Value.SloWindow, cancellationToken));
        if (figures is not null)
        {
            var evaluated = SloTargets.Evaluate(figures);
            foreach (var slo in evaluated)
            {
                var bad = SloAlert(slo);
                changes["slo:" + slo.Name] = await conditions.ObserveAsync("slo:" + slo.Name, bad, cancellationToken);
                if (bad is not null)
                {
                    problems.Add(bad.Message);
                }
            }
            var sloMetrics = new JsonObject();
            foreach (var slo in evaluated)
            {
                sloMetrics[slo.Name] = new JsonObject { ["value"] = slo.Value, ["status"] = SloText(slo.Status) };
            }
            metrics["slo"] = sloMetrics;
            await WriteAsync(at, SystemHealthLog.SloComponent, SloText(SloTargets.Worst(evaluated)), sloMetrics.DeepClone().AsObject(), null, cancellationToken);
        }
        return new PassResult(Performance, at, status, metrics, changes, problems);
    }

    public static string SloText(SloStatus status) => status switch
    {
        SloStatus.Met => "met",
        SloStatus.Warning => "warning",
        SloStatus.Breached => "breached",
        _ => "no_data",
    };

    private static ConditionAlert? SyncBacklog(SyncQueueStatus sync)
    {
        var condition = "sync_backlog";
        if (sync.Depth > StoreLimits.SyncQueueCriticalDepth)
        {
            return new(condition, AuditSeverity.Critical, "SYNC_BACKLOG", $"The sync queue holds {sync.Depth} items (critical over {StoreLimits.SyncQueueCriticalDepth}); lower SYNC_INTERVAL_MS or run 'audit consistency --repair'.");
        }
        if (sync.Depth > StoreLimits.SyncQueueWarningDepth)
        {
            return new(condition, AuditSeverity.Warning, "SYNC_BACKLOG", $"The sync queue holds {sync.Depth} items (warning over {StoreLimits.SyncQueueWarningDepth}).");
        }
        if (sync.OldestAge > TimeSpan.FromHours(1))
        {
            return new(condition, AuditSeverity.Warning, "SYNC_BACKLOG", $"The oldest sync-queue item waits for {sync.OldestAge.Value.TotalMinutes:0} min (sync lag over 1 h).");
        }
        return null;
    }

    private static ConditionAlert? SloAlert(Slo slo) => slo.Status switch
    {
        SloStatus.Breached when slo.Name == SloTargets.ErrorRate =>
            new("slo:" + slo.Name, AuditSeverity.Critical, "SLO_BREACHED", $"SLO {slo.Name} is {Figure(slo)} (target {slo.Target}): {slo.Detail}."),
        SloStatus.Breached or SloStatus.Warning =>
            new("slo:" + slo.Name, AuditSeverity.Warning, "SLO_BREACHED", $"SLO {slo.Name} is {Figure(slo)} (target {slo.Target}): {slo.Detail}."),
        _ => null,
    };

    private static string Figure(Slo slo) => $"{slo.Value?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} {slo.Unit}";

    private async Task<double?> TimeQueryAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HealthProbe.Timeout);
            var started = time.GetTimestamp();
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return time.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    private async Task WriteAsync(DateTimeOffset at, string component, string status, JsonObject metrics, JsonObject? diagnostics, CancellationToken cancellationToken)
    {
        try
        {
            await healthLog.WriteAsync(at, component, status, metrics, diagnostics, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            // PostgreSQL is down: the DATABASE_DOWN alert (log, webhook) is the trace of this pass.
            logger.LogWarning("Could not write the {Component} row to system_health: {Error}", component, ex.GetType().Name);
        }
    }

    private async Task<T?> TryAsync<T>(Func<Task<T?>> read) where T : class
    {
        try
        {
            return await read();
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or RedisUnavailableException or StackExchange.Redis.RedisException)
        {
            logger.LogDebug(ex, "A monitor read failed");
            return null;
        }
    }
}
