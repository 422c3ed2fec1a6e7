using System.Text.Json.Serialization;

namespace XBot.Core.Storage.RateLimits;

/// <summary>
/// One admitted consumption of a limit, as kept in <c>rate_limit_events</c>. Its id is also its member in
/// the Redis sliding set, so the two stores can be compared event by event.
/// </summary>
public sealed record RateLimitEvent(Guid Id, string Environment, string Limit, string WindowKind, long WindowMs, long OccurredAtMs, string Source)
{
    [JsonIgnore]
    public DateTime OccurredAtUtc => DateTimeOffset.FromUnixTimeMilliseconds(OccurredAtMs).UtcDateTime;

    [JsonIgnore]
    public RateLimitWindow Kind => WindowKind == "fixed" ? RateLimitWindow.Fixed : RateLimitWindow.Sliding;
}

/// <summary>A limit with events in its current window: what a rebuild or an audit needs to find its Redis key.</summary>
public sealed record ActiveLimit(string Limit, RateLimitWindow Kind, long WindowMs);
