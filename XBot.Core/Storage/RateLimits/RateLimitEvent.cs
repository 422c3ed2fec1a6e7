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

    /// <summary>The events an admitted check of <paramref name="rules"/> counted, as both stores record them; empty when it counted nothing.</summary>
    public static IReadOnlyList<RateLimitEvent> Of(IReadOnlyList<RateLimitRule> rules, RateLimitDecision decision, string environment)
    {
        if (!decision.Allowed || decision.ConsumedAtMs is not { } at || decision.EventIds.Count != rules.Count)
        {
            return [];
        }
        var source = decision.Source == RateLimitSource.Postgres ? "postgres" : "redis";
        return [.. rules.Select((r, i) => new RateLimitEvent(decision.EventIds[i], environment, r.Name, r.KindText, r.WindowMs, at, source))];
    }
}

/// <summary>A limit with events in its current window: what a rebuild or an audit needs to find its Redis key.</summary>
public sealed record ActiveLimit(string Limit, RateLimitWindow Kind, long WindowMs);
