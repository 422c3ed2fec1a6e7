using System.Text.Json.Nodes;

namespace XBot.Core.Storage.Tweets;

/// <summary>
/// A post to store. <see cref="TweetId"/> is the X id, or null for a local id (<c>local-...</c>) while the
/// post is queued or shadowed.
/// </summary>
public sealed record NewTweet(
    string Content,
    string Status = TweetStatus.Posted,
    string? TweetId = null,
    DateTimeOffset? PostedAt = null,
    string Platform = "twitter",
    JsonObject? Engagement = null,
    JsonObject? AiMetadata = null,
    JsonObject? ContentAnalysis = null,
    JsonObject? LearningMetadata = null);

public enum StoreTweetOutcome
{
    /// <summary>Written to PostgreSQL (committed) before this result was returned.</summary>
    Stored,

    /// <summary>Not written: a live post with the same fingerprint (<see cref="Text.ContentFingerprint"/>) exists within the dedup window.</summary>
    Duplicate,

    /// <summary>Not written: a post with this tweet id exists already (a retried store).</summary>
    AlreadyStored,
}

/// <summary>The outcome of storing a post.</summary>
public sealed record StoreTweetResult(StoreTweetOutcome Outcome, string TweetId, string? ContentHash, string? DuplicateOfTweetId = null);
