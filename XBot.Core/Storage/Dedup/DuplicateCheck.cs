namespace XBot.Core.Storage.Dedup;

public enum DuplicateVerdict
{
    /// <summary>No live post of the last 7 days has this fingerprint or resembles it.</summary>
    Unique,

    /// <summary>A live post of the last 7 days has the same fingerprint, or is a near-duplicate (<see cref="DuplicateCheck.Reason"/> says which): do not post.</summary>
    Duplicate,

    /// <summary>Neither store could answer. Fails closed: the caller must not post.</summary>
    Unknown,

    /// <summary>
    /// The text has nothing to compare (empty, or only links, mentions, hashtags, punctuation). It is never
    /// reported as a duplicate; whether such a text may be posted is the content guard's decision, not dedup's.
    /// </summary>
    NotCheckable,
}

/// <summary>
/// The answer to a duplicate check, with the hash, the matching post when there is one (and how similar:
/// 1.0 for the same fingerprint, the shingle overlap for a near-duplicate), and which store answered.
/// </summary>
public sealed record DuplicateCheck(DuplicateVerdict Verdict, string? ContentHash, string? MatchingTweetId, string Source, string? Reason = null, double? Similarity = null)
{
    /// <summary>Dedup does not stand in the way of posting (Unique or NotCheckable). Unknown and Duplicate block.</summary>
    public bool Clears => Verdict is DuplicateVerdict.Unique or DuplicateVerdict.NotCheckable;
}
