using System.Text.Json.Nodes;

namespace XBot.Core.Insights;

/// <summary>A post's latest public metrics (tweets.engagement), its engagement rate and tier as runbooks §3 defines them.</summary>
public sealed record Engagement(long? Likes, long? Retweets, long? Replies, long? Quotes, long? Bookmarks, long? Impressions)
{
    public static readonly Engagement None = new(null, null, null, null, null, null);

    /// <summary>(likes + retweets + replies + quotes + bookmarks) / impressions; null before a reading with impressions.</summary>
    public double? Rate => Impressions is > 0
        ? (double)((Likes ?? 0) + (Retweets ?? 0) + (Replies ?? 0) + (Quotes ?? 0) + (Bookmarks ?? 0)) / Impressions.Value
        : null;

    /// <summary>viral ≥ 0.15, high ≥ 0.08, medium ≥ 0.03, otherwise low; the same thresholds as vw_recent_posts.</summary>
    public string? Tier => Rate switch
    {
        null => null,
        >= 0.15 => "viral",
        >= 0.08 => "high",
        >= 0.03 => "medium",
        _ => "low",
    };

    public static Engagement Parse(string? json)
    {
        if (json is null || JsonNode.Parse(json) is not JsonObject o || o.Count == 0)
        {
            return None;
        }
        static long? Read(JsonObject o, string name) => o[name] is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
        return new Engagement(Read(o, "likes"), Read(o, "retweets"), Read(o, "replies"), Read(o, "quotes"), Read(o, "bookmarks"), Read(o, "impressions"));
    }
}
