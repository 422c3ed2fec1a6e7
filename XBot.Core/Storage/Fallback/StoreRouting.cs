using XBot.Core.Config;
using XBot.Core.Configuration;

namespace XBot.Core.Storage.Fallback;

/// <summary>
/// The effective routing switches of the dual store: each environment switch (runbooks.md §2.1) AND its
/// feature flag in <c>bot_config.feature_flags</c> (§6). The environment can force a feature off; the flag
/// (or <c>FEATURE_FLAG_&lt;NAME&gt;</c>, which overrides it) switches it at run time.
/// </summary>
public sealed record StoreRouting(bool UseRedis, bool DualWrite, bool RateLimiting, bool Cache, bool Queue, bool Deduplication)
{
    public const string DualWriteFlag = "dual_write";
    public const string RateLimitingFlag = "redis_rate_limiting";
    public const string CacheFlag = "redis_cache";
    public const string QueueFlag = "redis_queue";
    public const string DeduplicationFlag = "redis_deduplication";

    /// <summary>The flags that route the store, with the environment switch each one is ANDed with.</summary>
    public static IReadOnlyDictionary<string, string> FlagSwitches { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        [DualWriteFlag] = "DUAL_WRITE_ENABLED",
        [RateLimitingFlag] = "REDIS_RATE_LIMITING",
        [CacheFlag] = "REDIS_CACHE",
        [QueueFlag] = "REDIS_QUEUE",
        [DeduplicationFlag] = "REDIS_DEDUPLICATION",
    };

    public static StoreRouting FromEnvironment(XBotOptions options) =>
        new(options.UseRedis, options.DualWriteEnabled, options.RedisRateLimiting, options.RedisCache, options.RedisQueue, options.RedisDeduplication);

    /// <summary>
    /// The environment's switches ANDed with <paramref name="flags"/>. A routing flag moves a whole store, not
    /// one decision, so it is on only when fully on (true or 100); a flag that is missing stays on.
    /// </summary>
    public static StoreRouting From(XBotOptions options, IReadOnlyDictionary<string, FeatureFlagSetting> flags)
    {
        bool On(string flag) => !flags.TryGetValue(flag, out var setting) || setting.RolloutPercent >= 100;
        return new StoreRouting(
            options.UseRedis,
            options.DualWriteEnabled && On(DualWriteFlag),
            options.RedisRateLimiting && On(RateLimitingFlag),
            options.RedisCache && On(CacheFlag),
            options.RedisQueue && On(QueueFlag),
            options.RedisDeduplication && On(DeduplicationFlag));
    }

    /// <summary>Whether the environment alone forces <paramref name="flag"/> off, whatever the flag says.</summary>
    public static bool ForcedOffByEnvironment(string flag, XBotOptions options) => flag switch
    {
        DualWriteFlag => !options.DualWriteEnabled,
        RateLimitingFlag => !options.RedisRateLimiting,
        CacheFlag => !options.RedisCache,
        QueueFlag => !options.RedisQueue,
        DeduplicationFlag => !options.RedisDeduplication,
        _ => false,
    };

    public bool IsSwitchedOn(StoreFeature feature) => feature switch
    {
        StoreFeature.RateLimiting => RateLimiting,
        StoreFeature.Cache => Cache,
        StoreFeature.Queue => Queue,
        _ => Deduplication,
    };

    /// <summary>The Redis features switched on here that were off in <paramref name="before"/>.</summary>
    public IReadOnlyList<StoreFeature> TurnedOnSince(StoreRouting before) =>
        [.. Enum.GetValues<StoreFeature>().Where(f => IsSwitchedOn(f) && !before.IsSwitchedOn(f))];

    /// <summary>The Redis features switched off here that were on in <paramref name="before"/>.</summary>
    public IReadOnlyList<StoreFeature> TurnedOffSince(StoreRouting before) =>
        [.. Enum.GetValues<StoreFeature>().Where(f => !IsSwitchedOn(f) && before.IsSwitchedOn(f))];
}
