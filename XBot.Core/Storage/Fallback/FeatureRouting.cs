using XBot.Core.Configuration;

namespace XBot.Core.Storage.Fallback;

/// <summary>
/// Decides, from the switches and the mode, whether a feature is served by Redis. A pure function so
/// that the routing table in docs/data-layer.md is exactly what runs.
/// </summary>
public static class FeatureRouting
{
    public static bool UsesRedis(StoreFeature feature, XBotOptions options, StoreMode mode) =>
        options.UseRedis && mode == StoreMode.Normal && IsSwitchedOn(feature, options);

    public static bool IsSwitchedOn(StoreFeature feature, XBotOptions options) => feature switch
    {
        StoreFeature.RateLimiting => options.RedisRateLimiting,
        StoreFeature.Cache => options.RedisCache,
        StoreFeature.Queue => options.RedisQueue,
        _ => options.RedisDeduplication,
    };

    /// <summary>
    /// Whether a Redis-admitted rate-limit event is written to PostgreSQL at once (dual write) or left to the
    /// sync queue. The queue is used only when dual write is off and the queue itself lives in Redis.
    /// </summary>
    public static bool MirrorsThroughSyncQueue(XBotOptions options, StoreMode mode) =>
        !options.DualWriteEnabled && UsesRedis(StoreFeature.Queue, options, mode);

    /// <summary>The mode a process starts in, before Redis has been tried.</summary>
    public static (StoreMode Mode, FallbackReason Reason) Initial(XBotOptions options) =>
        !options.UseRedis ? (StoreMode.Fallback, FallbackReason.RedisDisabled)
        : options.RedisFallbackMode ? (StoreMode.Fallback, FallbackReason.Environment)
        : (StoreMode.Normal, FallbackReason.None);
}
