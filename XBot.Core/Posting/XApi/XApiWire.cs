using System.Text.Json;

namespace XBot.Core.Posting.XApi;

/// <summary>The JSON shapes of the X API v2 responses XBot reads (snake_case on the wire).</summary>
internal static class XApiWire
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    public sealed record CreateTweetRequest(string Text);

    public sealed record Single<T>(T? Data);

    public sealed record Many<T>(List<T>? Data, List<ResourceError>? Errors, Meta? Meta);

    public sealed record Tweet(string? Id, string? Text, DateTimeOffset? CreatedAt, PublicMetrics? PublicMetrics);

    public sealed record PublicMetrics(long RetweetCount, long ReplyCount, long LikeCount, long QuoteCount, long BookmarkCount, long ImpressionCount);

    public sealed record User(string? Id, string? Username, string? Name);

    /// <summary>A per-id error in a 200 answer, such as "Not Found Error" for a deleted post.</summary>
    public sealed record ResourceError(string? ResourceId, string? Value, string? Title, string? Detail);

    public sealed record Meta(int? ResultCount, string? NewestId, string? OldestId, string? NextToken);

    public static XTweet? ToModel(Tweet tweet) =>
        tweet.Id is { Length: > 0 } id
            ? new XTweet(id, tweet.Text ?? "", tweet.CreatedAt,
                tweet.PublicMetrics is { } m ? new XPublicMetrics(m.RetweetCount, m.ReplyCount, m.LikeCount, m.QuoteCount, m.BookmarkCount, m.ImpressionCount) : null)
            : null;
}
