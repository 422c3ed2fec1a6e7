namespace XBot.Core.Storage.Fallback;

/// <summary>What <c>fallback status</c> shows: this process's mode, the persisted switch, the pins, and the routing per feature.</summary>
public sealed record FallbackReport(
    StoreStatus Store,
    ManualFallbackState Manual,
    bool UseRedis,
    bool PinnedByEnvironment,
    bool DualWrite,
    IReadOnlyDictionary<string, string> Routing,
    bool RedisReachable);
