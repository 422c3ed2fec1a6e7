namespace XBot.Core.Posting.XApi;

/// <summary>The endpoints XBot calls, named as X's rate-limit tables name them; the keys of the rate-limit state.</summary>
public static class XEndpoints
{
    public const string CreateTweet = "POST /2/tweets";
    public const string LookupTweets = "GET /2/tweets";
    public const string Me = "GET /2/users/me";
    public const string UserTweets = "GET /2/users/:id/tweets";

    /// <summary>The most ids <c>GET /2/tweets</c> takes at once.</summary>
    public const int MaxIdsPerLookup = 100;

    /// <summary>The most posts <c>GET /2/users/:id/tweets</c> returns at once.</summary>
    public const int MaxTimelineResults = 100;
}
