using System.Globalization;
using XBot.XSimulator.Simulation;

namespace XBot.XSimulator.Apis;

/// <summary>
/// The X API v2 response shapes the stand-in writes, in snake_case (the JSON options set in XSimulatorServiceExtensions), with
/// fields left out when not requested, as X does. Written from X's documentation, independently of the
/// client's own DTOs, so that the client is tested against the documented shape and not against itself.
/// </summary>
internal static class XWire
{
    public sealed record Tweet(string Id, string Text, string[] EditHistoryTweetIds, string? CreatedAt, PublicMetrics? PublicMetrics);

    public sealed record PublicMetrics(long RetweetCount, long ReplyCount, long LikeCount, long QuoteCount, long BookmarkCount, long ImpressionCount);

    public sealed record User(string Id, string Name, string Username);

    public sealed record Meta(int ResultCount, string? NewestId, string? OldestId, string? NextToken);

    /// <summary>A per-resource error inside a 200 answer, such as a deleted post in a lookup.</summary>
    public sealed record ResourceError(string Value, string Detail, string Title, string ResourceType, string Parameter, string ResourceId, string Type);

    public static Tweet ToTweet(SimPost post, XSimulatorState state, ISet<string> fields)
    {
        PublicMetrics? metrics = null;
        if (fields.Contains("public_metrics"))
        {
            var m = state.MetricsOf(post);
            metrics = new PublicMetrics(m.RetweetCount, m.ReplyCount, m.LikeCount, m.QuoteCount, m.BookmarkCount, m.ImpressionCount);
        }
        var createdAt = fields.Contains("created_at")
            ? post.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture)
            : null;
        return new Tweet(post.Id, post.DisplayText, [post.Id], createdAt, metrics);
    }

    public static ResourceError NotFound(string resourceType, string parameter, string id) => new(
        id,
        $"Could not find {resourceType} with {parameter}: [{id}].",
        "Not Found Error",
        resourceType,
        parameter,
        id,
        "https://api.twitter.com/2/problems/resource-not-found");

    /// <summary>The comma-separated <c>tweet.fields</c> query parameter, as a set.</summary>
    public static ISet<string> Fields(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
}
