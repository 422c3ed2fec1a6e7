using XBot.Core.Configuration;

namespace XBot.Core.Storage.Fallback;

/// <summary>
/// Decides, from the switches and the mode, whether a feature is served by Redis. A pure function so
/// that the routing table in docs/data-layer.md is exactly what runs. The switches are the environment's
/// ANDed with the routing feature flags (<see cref="StoreRouting"/>, kept current by <see cref="StoreFlags"/>).
/// </summary>
public static class FeatureRouting
{
    public static bool UsesRedis(StoreFeature feature, StoreRouting routing, StoreMode mode) =>
        routing.UseRedis && mode == StoreMode.Normal && routing.IsSwitchedOn(feature);

    public static bool UsesRedis(StoreFeature feature, XBotOptions options, StoreMode mode) =>
        UsesRedis(feature, StoreRouting.FromEnvironment(options), mode);

    /// <summary>
    /// Whether a Redis-admitted rate-limit event is written to PostgreSQL at once (dual write) or left to the
    /// sync queue. The queue is used only when dual write is off and the queue itself lives in Redis.
    /// </summary>
    public static bool MirrorsThroughSyncQueue(StoreRouting routing, StoreMode mode) =>
        !routing.DualWrite && UsesRedis(StoreFeature.Queue, routing, mode);

    public static bool MirrorsThroughSyncQueue(XBotOptions options, StoreMode mode) =>
        MirrorsThroughSyncQueue(StoreRouting.FromEnvironment(options), mode);

    /// <summary>The mode a process starts in, before Redis has been tried.</summary>
    public static (StoreMode Mode, FallbackReason Reason) Initial(XBotOptions options) =>
        !options.UseRedis ? (StoreMode.Fallback, FallbackReason.RedisDisabled)
        : options.RedisFallbackMode ? (StoreMode.Fallback, FallbackReason.Environment)
        : (StoreMode.Normal, FallbackReason.None);
}
