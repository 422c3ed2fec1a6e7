namespace XBot.Core.Posting.Lifecycle;

/// <summary>
/// The post lifecycle (docs/architecture.md): queued → picked → (awaiting_approval → approved) →
/// posting → posted | shadowed | refused | failed | expired | skipped; <c>unknown</c> after an outcome
/// X did not confirm, until reconciliation settles it.
/// </summary>
public static class PostStatus
{
    public const string Queued = "queued";
    public const string Picked = "picked";
    public const string AwaitingApproval = "awaiting_approval";
    public const string Approved = "approved";
    public const string Posting = "posting";
    public const string Unknown = "unknown";
    public const string Posted = "posted";
    public const string Shadowed = "shadowed";
    public const string Refused = "refused";
    public const string Failed = "failed";
    public const string Expired = "expired";
    public const string Skipped = "skipped";

    /// <summary>States a row never leaves.</summary>
    public static readonly IReadOnlySet<string> Terminal = new HashSet<string> { Posted, Shadowed, Refused, Failed, Expired, Skipped };
}
