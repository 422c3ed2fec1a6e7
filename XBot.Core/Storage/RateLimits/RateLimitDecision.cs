namespace XBot.Core.Storage.RateLimits;

/// <summary>Which store answered a rate-limit question.</summary>
public enum RateLimitSource
{
    Redis,
    Postgres,

    /// <summary>Neither store could answer; the check is refused (fails closed).</summary>
    Unavailable,
}

/// <summary>One limit after a check: events counted in the window (including this one when admitted), and when a slot frees.</summary>
public sealed record RateLimitStatus(string Name, int Limit, int Count, DateTimeOffset? ResetAt)
{
    public int Remaining => Math.Max(0, Limit - Count);
}

/// <summary>
/// The answer to a rate-limit check or peek. For a check, <see cref="Allowed"/> means the event was
/// counted in every limit; when any limit is full nothing is counted. For a peek, it means a check now would pass.
/// </summary>
public sealed record RateLimitDecision(bool Allowed, RateLimitSource Source, IReadOnlyList<RateLimitStatus> Limits, TimeSpan? RetryAfter, string? Error = null)
{
    /// <summary>The events an admitted check counted, one per rule in order: what a refund gives back. Empty otherwise.</summary>
    public IReadOnlyList<Guid> EventIds { get; init; } = [];

    /// <summary>When an admitted check counted its events (ms since the epoch), which names a fixed window's counter.</summary>
    public long? ConsumedAtMs { get; init; }

    public static RateLimitDecision Unavailable(IEnumerable<RateLimitRule> rules, string error) =>
        new(false, RateLimitSource.Unavailable, [.. rules.Select(r => new RateLimitStatus(r.Name, r.Limit, 0, null))], null, error);
}
