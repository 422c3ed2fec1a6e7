namespace XBot.Core.Storage.Fallback;

/// <summary>Which store serves the Redis features right now.</summary>
public enum StoreMode
{
    /// <summary>Redis serves the hot path; PostgreSQL holds the truth.</summary>
    Normal,

    /// <summary>Redis answers again and is being rebuilt from PostgreSQL; PostgreSQL still serves.</summary>
    Recovering,

    /// <summary>PostgreSQL serves rate limits, dedup and config; Redis is not used.</summary>
    Fallback,
}

/// <summary>Why the store is not in <see cref="StoreMode.Normal"/>.</summary>
public enum FallbackReason
{
    None,

    /// <summary><c>USE_REDIS=false</c>: Redis is never used.</summary>
    RedisDisabled,

    /// <summary><c>REDIS_FALLBACK_MODE=true</c>: this process stays in fallback.</summary>
    Environment,

    /// <summary>An operator ran <c>fallback enable</c> (persisted, so every process follows).</summary>
    Manual,

    /// <summary>Redis calls failed; the circuit opened. Ends by itself when Redis answers again.</summary>
    RedisFailure,

    /// <summary>Redis answers but lost its data (no warm marker); it is being rebuilt.</summary>
    RedisCold,

    /// <summary>A routing feature flag (<c>redis_*</c>) was switched on; Redis is being rebuilt before it serves that feature again.</summary>
    FeatureSwitchedOn,
}

/// <summary>The Redis-backed features that the runbook's REDIS_* switches route (runbooks.md §2.1).</summary>
public enum StoreFeature
{
    RateLimiting,
    Cache,
    Queue,
    Deduplication,
}

/// <summary>The store's mode, why, and since when.</summary>
public sealed record StoreStatus(StoreMode Mode, FallbackReason Reason, DateTimeOffset Since, string? Detail = null);
