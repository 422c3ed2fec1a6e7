using System.Text.Json;
using XBot.Core.Storage.RateLimits;

namespace XBot.Core.Scheduling;

/// <summary>
/// The cap events (daily, hourly) an attempt consumed, kept on its row (<c>tweets.decision</c>) from the
/// moment the intent is recorded, so that a reconciliation that later finds the post certainly absent
/// can give the slots back, even in another process.
/// </summary>
internal sealed record CapEvents(IReadOnlyList<Guid> CapEventIds, long? CapConsumedAtMs)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public string? ToJson() => CapEventIds.Count == 0 ? null : JsonSerializer.Serialize(this, Json);

    public static CapEvents? FromJson(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return null;
        }
        try
        {
            return JsonSerializer.Deserialize<CapEvents>(json, Json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>As the admitted check it came from, for <see cref="RateLimiter.RefundAsync"/>; null when nothing was recorded.</summary>
    public RateLimitDecision? Decision() =>
        CapEventIds is { Count: > 0 } && CapConsumedAtMs is { } at
            ? new RateLimitDecision(true, RateLimitSource.Redis, [], null) { EventIds = CapEventIds, ConsumedAtMs = at }
            : null;
}
