using System.Text.Json.Nodes;
using XBot.Core.Config;
using XBot.Core.Storage.Consistency;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Maintenance;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Storage;

/// <summary>
/// The dual store (runbooks.md §4, §5): Redis as the hot path, PostgreSQL as the source of truth, with
/// automatic fallback. The operations the runbooks call by name. Failures of one store never reach the
/// caller while the other can answer; what must not happen when neither can (posting a duplicate,
/// exceeding a limit) fails closed.
/// </summary>
public interface IDualStore
{
    /// <summary>This process's mode: normal, recovering or fallback, and why.</summary>
    StoreStatus Status { get; }

    /// <summary>Stores a post: durable in PostgreSQL before it returns <see cref="StoreTweetOutcome.Stored"/>, then its Redis dedup key.</summary>
    Task<StoreTweetResult> StoreTweetAsync(NewTweet tweet, CancellationToken cancellationToken = default);

    /// <summary>Moves a post along its lifecycle; a dead status frees its text for reuse.</summary>
    Task<bool> SetTweetStatusAsync(string tweetId, string status, string actor, DateTimeOffset? postedAt = null, CancellationToken cancellationToken = default);

    Task<ConfigEntry> GetConfigAsync(string key, CancellationToken cancellationToken = default);

    Task<BotConfig> GetBotConfigAsync(CancellationToken cancellationToken = default);

    /// <summary>Changes a key, audited; a bad key or value throws <see cref="ConfigValidationException"/> and changes nothing.</summary>
    Task<ConfigChange> SetConfigAsync(string key, JsonNode? value, string actor, CancellationToken cancellationToken = default);

    /// <summary>Consumes one event of a named limit: <c>daily_tweets</c> and <c>hourly_tweets</c> take their caps from <c>rate_limits</c>.</summary>
    Task<RateLimitDecision> CheckRateLimitAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Consumes one event of every rule, or of none when any is full (atomic across the rules).</summary>
    Task<RateLimitDecision> CheckRateLimitAsync(IReadOnlyList<RateLimitRule> rules, CancellationToken cancellationToken = default);

    /// <summary>The same, with the caller recording the events durably itself (<see cref="RateLimitRecording.ByCaller"/>).</summary>
    Task<RateLimitDecision> CheckRateLimitAsync(IReadOnlyList<RateLimitRule> rules, RateLimitRecording recording, CancellationToken cancellationToken = default);

    /// <summary>Gives back the events an admitted <see cref="CheckRateLimitAsync(IReadOnlyList{RateLimitRule}, CancellationToken)"/> counted (the post never went out).</summary>
    Task RefundRateLimitAsync(IReadOnlyList<RateLimitRule> rules, RateLimitDecision consumed, CancellationToken cancellationToken = default);

    /// <summary>The status of a named limit without consuming.</summary>
    Task<RateLimitDecision> PeekRateLimitAsync(string name, CancellationToken cancellationToken = default);

    Task<RateLimitDecision> PeekRateLimitAsync(IReadOnlyList<RateLimitRule> rules, CancellationToken cancellationToken = default);

    /// <summary>Whether this text duplicates, or nearly duplicates, a live post of the last 7 days; <see cref="DuplicateVerdict.Unknown"/> when no store can say.</summary>
    Task<DuplicateCheck> CheckDuplicateAsync(string content, CancellationToken cancellationToken = default);

    /// <summary>The same, for a text that has a row of its own (a queued candidate): that row never counts.</summary>
    Task<DuplicateCheck> CheckDuplicateAsync(string content, string? excludeTweetId, CancellationToken cancellationToken = default);

    Task<ConsistencyReport> AuditConsistencyAsync(bool repair, string actor, CancellationToken cancellationToken = default);

    Task<FallbackReport> EnableFallbackAsync(string actor, string? reason = null, CancellationToken cancellationToken = default);

    Task<FallbackReport> DisableFallbackAsync(string actor, CancellationToken cancellationToken = default);

    Task<FallbackReport> GetFallbackStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Rebuilds Redis from PostgreSQL (needs Redis; throws <see cref="Redis.RedisUnavailableException"/> otherwise).</summary>
    Task<RebuildReport> RebuildRedisAsync(string actor, CancellationToken cancellationToken = default);

    /// <summary>Deletes cache keys under this prefix only; queues and state are kept. Returns how many were deleted.</summary>
    Task<long> ClearCachesAsync(string actor, CancellationToken cancellationToken = default);
}
