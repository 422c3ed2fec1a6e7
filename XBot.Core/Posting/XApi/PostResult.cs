namespace XBot.Core.Posting.XApi;

/// <summary>
/// What happened to one <c>POST /2/tweets</c>. X has no idempotency key, so the outcomes are split by what
/// the caller may do next: <see cref="Posted"/>, <see cref="Duplicate"/> and <see cref="Failed"/> are
/// final; <see cref="RateLimited"/> and <see cref="NotSent"/> are certainly not posted and may be tried
/// again later; <see cref="Unknown"/> may or may not have posted and must be reconciled against the
/// account's recent posts before anything is sent again.
/// </summary>
public abstract record PostResult
{
    private PostResult()
    {
    }

    /// <summary>X created the post.</summary>
    public sealed record Posted(string TweetId, string Text) : PostResult;

    /// <summary>403: X already has this text from this account. Final: never retry the same text.</summary>
    public sealed record Duplicate(string Detail) : PostResult;

    /// <summary>
    /// Not posted because a limit is exhausted until <paramref name="Until"/>. <paramref name="Sent"/> is
    /// false when XBot knew it beforehand and sent nothing, true when X answered 429.
    /// </summary>
    public sealed record RateLimited(DateTimeOffset Until, bool Sent) : PostResult;

    /// <summary>
    /// The request may have reached X but no answer says what happened: a timeout, a connection dropped
    /// after sending, a 5xx, or a success whose body couldn't be read. Reconcile before trying again.
    /// </summary>
    public sealed record Unknown(string Reason) : PostResult;

    /// <summary>The request never left (connection refused, name or TLS failure). Certainly not posted.</summary>
    public sealed record NotSent(string Reason) : PostResult;

    /// <summary>
    /// 402: the account's pay-per-use credits are exhausted. Certainly not posted, and no retry can help
    /// until someone pays: posting stops and a CRITICAL alert is raised.
    /// </summary>
    public sealed record PaymentRequired(string Detail) : PostResult;

    /// <summary>X refused the post for another reason (400, 401, a 403 other than duplicate, ...). Final.</summary>
    public sealed record Failed(int StatusCode, string Title, string Detail) : PostResult;
}
