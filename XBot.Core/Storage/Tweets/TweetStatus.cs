namespace XBot.Core.Storage.Tweets;

/// <summary>
/// The post lifecycle of <c>tweets.status</c>. The four dead statuses free a text for reuse; every other
/// status holds it (the unique index on <c>content_hash</c> covers exactly the live ones).
/// </summary>
public static class TweetStatus
{
    public const string Queued = "queued";
    public const string Picked = "picked";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Approved = "approved";
    public const string Posting = "posting";
    public const string Posted = "posted";
    public const string Shadowed = "shadowed";
    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Skipped = "skipped";
    public const string Unknown = "unknown";

    public static readonly IReadOnlyList<string> All =
        [Queued, Picked, AwaitingApproval, Approved, Posting, Posted, Shadowed, Refused, Failed, Expired, Skipped, Unknown];

    public static readonly IReadOnlyList<string> Dead = [Refused, Failed, Expired, Skipped];

    /// <summary>The SQL list of dead statuses, the same as in the index predicate.</summary>
    public const string DeadSql = "('refused', 'failed', 'expired', 'skipped')";

    public static bool IsKnown(string status) => All.Contains(status);

    public static bool IsLive(string status) => !Dead.Contains(status);

    /// <summary>Statuses that count as the bot's last post (a shadowed post is a post in shadow mode).</summary>
    public static bool IsPost(string status) => status is Posted or Shadowed;
}
