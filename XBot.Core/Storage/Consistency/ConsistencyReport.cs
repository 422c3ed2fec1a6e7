using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Sync;

namespace XBot.Core.Storage.Consistency;

/// <summary>One compared area: how many items were compared and how many differ, with a few examples.</summary>
public sealed record DriftArea(string Area, int Compared, int Drifted, IReadOnlyList<string> Examples)
{
    public double DriftPercent => Compared == 0 ? 0 : Math.Round(100.0 * Drifted / Compared, 2);
}

/// <summary>What a repair changed.</summary>
public sealed record RepairSummary(
    int SyncItemsApplied,
    bool ConfigCacheRewritten,
    int DedupKeysAdded,
    int DedupKeysRemoved,
    int RateLimitEventsToRedis,
    int RateLimitEventsToPostgres,
    bool LastPostRepaired,
    bool WarmMarkerSet)
{
    public int Total => SyncItemsApplied + (ConfigCacheRewritten ? 1 : 0) + DedupKeysAdded + DedupKeysRemoved + RateLimitEventsToRedis + RateLimitEventsToPostgres + (LastPostRepaired ? 1 : 0) + (WarmMarkerSet ? 1 : 0);
}

/// <summary>
/// The consistency audit (runbooks.md §5): drift between Redis and PostgreSQL as a percentage of compared
/// items (tolerance under 1%), the sync queue's depth and oldest item, and what a repair did.
/// </summary>
public sealed record ConsistencyReport(
    DateTimeOffset At,
    string Environment,
    string Prefix,
    StoreStatus Store,
    bool RedisAvailable,
    bool RedisWarm,
    double? DriftPercent,
    IReadOnlyList<DriftArea> Areas,
    SyncQueueStatus? SyncQueue,
    RepairSummary? Repaired,
    string? Error)
{
    /// <summary>ok, drift (≥ 1%), queue-warning, queue-critical, or unavailable (Redis can't be read).</summary>
    public string Verdict =>
        !RedisAvailable || DriftPercent is null ? "unavailable"
        : DriftPercent >= StoreLimits.DriftTolerancePercent ? "drift"
        : SyncQueue?.Level is "critical" ? "queue-critical"
        : SyncQueue?.Level is "warning" ? "queue-warning"
        : "ok";

    public bool Healthy => Verdict == "ok";
}
