using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using XBot.Core.Audit;
using XBot.Core.Configuration;
using XBot.Core.Operations;
using XBot.Core.Storage;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Sync;

namespace XBot.Core.Monitoring;

/// <summary>
/// The health pass (every 5 min): the one-liner's figures, the store's mode and the sync queue, as a
/// <c>health</c> row. Watches PostgreSQL (EMERGENCY when down), Redis (CRITICAL when down), the last post
/// (WARNING after 6 h) and the sync backlog (WARNING over 1000 items or 1 h old, CRITICAL over 5000).
/// Switching to fallback when Redis fails is not done here: the dual store's own Redis monitor
/// (<c>RedisMonitorService</c>) does it; this pass reports the mode.
/// </summary>
public sealed class HealthPass(
    HealthProbe probe,
    IDualStore store,
    SyncQueue syncQueue,
    AlertConditions conditions,
    SystemHealthLog healthLog,
    XBotOptions xbot,
    ILogger<HealthPass> logger)
{
    public async Task<PassResult> RunAsync(CancellationToken cancellationToken)
    {
        var figures = await probe.ReadAsync(cancellationToken);
        var sync = figures.RedisOk ? await PassFindings.TryReadAsync(() => syncQueue.StatusAsync(cancellationToken), logger) : null;
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

        // The figures are recorded first: the alert bookkeeping below must never keep them from the record.
        var status = figures.Status.ToLowerInvariant();
        await healthLog.TryWriteAsync(figures.At, SystemHealthLog.HealthComponent, status, metrics, new JsonObject { ["line"] = HealthLine.Format(figures) }, cancellationToken);

        var findings = new PassFindings(conditions);
        await findings.WatchAsync("database", figures.DatabaseOk ? null
            : new("database", AuditSeverity.Emergency, "DATABASE_DOWN", "PostgreSQL, the source of truth, does not answer: nothing can be posted or recorded."), cancellationToken);
        if (xbot.UseRedis)
        {
            await findings.WatchAsync("redis", figures.RedisOk ? null
                : new("redis", AuditSeverity.Critical, "REDIS_DOWN", mode.Mode == StoreMode.Normal
                    ? "Redis does not answer PING; the dual store switches to PostgreSQL fallback by itself."
                    : $"Redis does not answer PING; the dual store is in {mode.Mode} mode, served from PostgreSQL."), cancellationToken);
        }
        await findings.WatchAsync("no_post", !figures.NoPostWarning ? null
            : new("no_post", AuditSeverity.Warning, "NO_POST_6H", $"No post for {HealthLine.Age(figures.At, figures.LastPostAt)} (more than {HealthFigures.QuietWarning.TotalHours:0} h)."), cancellationToken);
        if (sync is not null)
        {
            // Unknown while Redis can't be read: the condition keeps its state rather than reading as cleared.
            await findings.WatchAsync("sync_backlog", SyncBacklog(sync), cancellationToken);
        }

        return new PassResult(MonitorPasses.Health, figures.At, status, metrics, findings.Changes, findings.Problems);
    }

    private static ConditionAlert? SyncBacklog(SyncQueueStatus sync)
    {
        const string condition = "sync_backlog";
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
}
