namespace XBot.Core.Posting.XApi;

/// <summary>
/// The X API v2 calls XBot makes, and nothing more. Every call checks and feeds the rate-limit state;
/// reads are retried on transient failures; a post is sent at most once per call.
/// </summary>
public interface IXApiClient
{
    /// <summary>True when the OAuth 1.0a credentials are set; without them every call throws <see cref="XApiNotConfiguredException"/>.</summary>
    bool IsConfigured { get; }

    /// <summary>
    /// <c>POST /2/tweets</c>. Never retried: see <see cref="PostResult"/> for what each outcome allows.
    /// If <paramref name="cancellationToken"/> fires mid-request the call throws, and the outcome is unknown.
    /// </summary>
    Task<PostResult> PostTweetAsync(string text, CancellationToken cancellationToken = default);

    /// <summary><c>GET /2/tweets?ids=...</c> with <c>public_metrics</c> and <c>created_at</c>, in batches of up to 100 ids.</summary>
    Task<XTweetLookup> GetTweetsAsync(IEnumerable<string> ids, CancellationToken cancellationToken = default);

    /// <summary><c>GET /2/users/me</c>: the account the access token belongs to.</summary>
    Task<XReadResult<XUser>> GetMeAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /2/users/:id/tweets?max_results=100</c> with <c>created_at</c>: the account's most recent posts, newest first.</summary>
    Task<XReadResult<XTimelinePage>> GetRecentTweetsAsync(string userId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Looks for <paramref name="text"/> among the account's most recent posts (reconciling an unknown
    /// outcome). Looks the account up with <c>/2/users/me</c> when <paramref name="userId"/> is null.
    /// </summary>
    Task<XReadResult<XRecentPostSearch>> FindRecentPostAsync(string text, string? userId = null, CancellationToken cancellationToken = default);
}

/// <summary>One page of an account's posts, newest first; <see cref="NextToken"/> is null on the last page.</summary>
public sealed record XTimelinePage(IReadOnlyList<XTweet> Tweets, string? NextToken);
