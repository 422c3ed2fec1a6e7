namespace XBot.Core.Posting.XApi;

/// <summary>A post as X returns it. <see cref="Text"/> is X's rendering: URLs become t.co links and &amp; &lt; &gt; are HTML-escaped.</summary>
public sealed record XTweet(string Id, string Text, DateTimeOffset? CreatedAt, XPublicMetrics? PublicMetrics);

/// <summary>
/// <c>public_metrics</c> of a post. A count X left out (or renamed beyond what the client knows) is null:
/// unknown, never 0, so that a change on X's side can't read as "nobody engaged".
/// </summary>
public sealed record XPublicMetrics(long? RetweetCount, long? ReplyCount, long? LikeCount, long? QuoteCount, long? BookmarkCount, long? ImpressionCount)
{
    /// <summary>Interactions a person chose to make: likes, reposts, replies and quotes; null when any of them is unknown.</summary>
    public long? Engagements => LikeCount + RetweetCount + ReplyCount + QuoteCount;

    /// <summary>True when every count was in the answer.</summary>
    public bool IsComplete => RetweetCount is not null && ReplyCount is not null && LikeCount is not null
                              && QuoteCount is not null && BookmarkCount is not null && ImpressionCount is not null;
}

/// <summary>The authenticated account.</summary>
public sealed record XUser(string Id, string Username, string Name);

/// <summary>
/// The result of looking up many ids in batches of up to 100. Ids X reports as not found (deleted posts)
/// are in <see cref="NotFoundIds"/>; ids of batches that failed, or were not tried after a failure, are in
/// <see cref="UnfetchedIds"/> with the <see cref="Error"/> that stopped them.
/// </summary>
public sealed record XTweetLookup(IReadOnlyList<XTweet> Tweets, IReadOnlyList<string> NotFoundIds, IReadOnlyList<string> UnfetchedIds, XReadError? Error)
{
    public bool IsComplete => Error is null;
}

/// <summary>
/// The result of looking for a text among the account's most recent posts (up to 100), for reconciling
/// an unknown outcome. <see cref="Match"/> is null when the text wasn't found;
/// <see cref="CoversSince"/> says whether that absence is conclusive for a post attempted at a given time.
/// </summary>
public sealed record XRecentPostSearch(XTweet? Match, int Scanned, bool ReachedEnd, DateTimeOffset? OldestScanned)
{
    /// <summary>
    /// True when every post since <paramref name="attemptedAt"/> was scanned: the timeline ended, or the
    /// oldest scanned post is older than the attempt. Only then does "not found" mean "not posted".
    /// </summary>
    public bool CoversSince(DateTimeOffset attemptedAt) => ReachedEnd || OldestScanned is { } oldest && oldest <= attemptedAt;
}
