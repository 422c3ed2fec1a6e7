using System.Text.Json;

namespace XBot.Core.Posting.XApi;

/// <summary>The JSON shapes of the X API v2 requests and responses XBot uses (snake_case on the wire).</summary>
internal static class XApiWire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public sealed record CreateTweetRequest(string Text);

    public sealed record Single<T>(T? Data, List<ResourceError>? Errors);

    public sealed record Many<T>(List<T>? Data, List<ResourceError>? Errors, Meta? Meta);

    public sealed record Tweet(string? Id, string? Text, DateTimeOffset? CreatedAt, PublicMetrics? PublicMetrics);

    /// <summary>
    /// Every count is nullable so that a missing one stays unknown. Spec 2.167 renames
    /// <c>retweet_count</c> to <c>repost_count</c>; either name is read.
    /// </summary>
    public sealed record PublicMetrics(long? RetweetCount, long? RepostCount, long? ReplyCount, long? LikeCount, long? QuoteCount, long? BookmarkCount, long? ImpressionCount);

    public sealed record User(string? Id, string? Username, string? Name);

    /// <summary>A per-resource problem in a 200 answer, such as "Not Found Error" for a deleted post.</summary>
    public sealed record ResourceError(string? ResourceId, string? Value, string? Title, string? Detail, string? Type);

    public sealed record Meta(int? ResultCount, string? NewestId, string? OldestId, string? NextToken);

    /// <summary>X's problem type for an id that names nothing (a deleted post): the only per-id error that means "gone".</summary>
    public static bool IsNotFound(ResourceError error) =>
        error.Type?.EndsWith("/problems/resource-not-found", StringComparison.Ordinal) == true
        || string.Equals(error.Title, "Not Found Error", StringComparison.Ordinal);

    public static XTweet? ToModel(Tweet tweet) =>
        tweet.Id is { Length: > 0 } id
            ? new XTweet(id, tweet.Text ?? "", tweet.CreatedAt,
                tweet.PublicMetrics is { } m
                    ? new XPublicMetrics(m.RetweetCount ?? m.RepostCount, m.ReplyCount, m.LikeCount, m.QuoteCount, m.BookmarkCount, m.ImpressionCount)
                    : null)
            : null;

    /// <summary>The POST body, serialised up front so that it goes out with a Content-Length rather than chunked.</summary>
    public static ByteArrayContent CreateTweetBody(string text)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(new CreateTweetRequest(text), Json));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }
}
