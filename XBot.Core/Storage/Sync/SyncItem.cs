using System.Text.Json;
using System.Text.Json.Serialization;
using XBot.Core.Storage.RateLimits;

namespace XBot.Core.Storage.Sync;

/// <summary>
/// One write waiting in the Redis sync queue for PostgreSQL: a rate-limit event to record, or the refund
/// of events (to delete; it is queued behind them). Applying an item is idempotent (keyed by the events'
/// own ids), so a retried or twice-drained item does no harm.
/// </summary>
public sealed record SyncItem(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("enqueuedAtMs")] long EnqueuedAtMs,
    [property: JsonPropertyName("rateLimitEvent")] RateLimitEvent? RateLimitEvent,
    [property: JsonPropertyName("refundedIds")] IReadOnlyList<Guid>? RefundedIds = null)
{
    public const string RateLimitEventKind = "rate_limit_event";
    public const string RefundKind = "rate_limit_refund";

    public static SyncItem ForRefund(IReadOnlyList<Guid> ids, long nowMs) => new(RefundKind, nowMs, null, ids);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static SyncItem ForRateLimitEvent(RateLimitEvent e, long nowMs) => new(RateLimitEventKind, nowMs, e);

    public string Serialize() => JsonSerializer.Serialize(this, Json);

    /// <summary>The item, or null when the text is not an item this version can apply (it goes to the dead letters).</summary>
    public static SyncItem? TryParse(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        try
        {
            var item = JsonSerializer.Deserialize<SyncItem>(text, Json);
            return item is { Kind: RateLimitEventKind, RateLimitEvent: { WindowMs: > 0, Limit.Length: > 0, Environment.Length: > 0, WindowKind: "sliding" or "fixed" } }
                or { Kind: RefundKind, RateLimitEvent: null, RefundedIds.Count: > 0 }
                ? item
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
