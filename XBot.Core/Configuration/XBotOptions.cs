namespace XBot.Core.Configuration;

/// <summary>
/// The runbook's environment variables (runbooks.md §2.1), read from configuration at the root
/// (<c>APP_ENV</c>, <c>LIVE_POSTS</c>, ...) and validated at start-up by <see cref="XBotOptionsValidator"/>.
/// </summary>
public sealed class XBotOptions
{
    public static readonly string[] Environments = ["development", "staging", "production"];

    /// <summary><c>APP_ENV</c>: development, staging or production.</summary>
    public string AppEnv { get; set; } = "development";

    /// <summary><c>LIVE_POSTS</c>: only the exact value <c>true</c> posts for real; anything else is shadow mode.</summary>
    public bool LivePosts { get; set; }

    /// <summary><c>REDIS_PREFIX</c>: the namespace of every Redis key, such as <c>stg:</c>.</summary>
    public string RedisPrefix { get; set; } = "dev:";

    /// <summary><c>APP_SCHEMA_VERSION</c>: the schema version the app was built for; the newest migration when unset.</summary>
    public string? AppSchemaVersion { get; set; }

    /// <summary><c>SKIP_SCHEMA_GUARD</c>: emergency bypass of the schema guard.</summary>
    public bool SkipSchemaGuard { get; set; }

    public bool UseRedis { get; set; } = true;

    public bool DualWriteEnabled { get; set; } = true;

    public bool MonitoringEnabled { get; set; } = true;

    public bool EnableShadowTesting { get; set; } = true;

    public bool RedisRateLimiting { get; set; } = true;

    public bool RedisCache { get; set; } = true;

    public bool RedisQueue { get; set; } = true;

    public bool RedisDeduplication { get; set; } = true;

    /// <summary><c>REDIS_FALLBACK_MODE</c>: start with Redis bypassed, everything served from PostgreSQL.</summary>
    public bool RedisFallbackMode { get; set; }

    /// <summary><c>SYNC_INTERVAL_MS</c>: the background sync period.</summary>
    public int SyncIntervalMs { get; set; } = 3_600_000;

    /// <summary><c>POST_FRACTION</c>: overrides the stored <c>post_fraction</c> when set.</summary>
    public double? PostFraction { get; set; }

    /// <summary><c>FEATURE_FLAG_&lt;NAME&gt;</c> variables: flags forced on or off, over what <c>bot_config</c> says.</summary>
    public Dictionary<string, bool> FeatureFlagOverrides { get; } = new(StringComparer.Ordinal);

    public bool IsProduction => AppEnv == "production";

    public TimeSpan SyncInterval => TimeSpan.FromMilliseconds(SyncIntervalMs);
}
