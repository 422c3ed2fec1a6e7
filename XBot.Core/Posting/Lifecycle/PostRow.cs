namespace XBot.Core.Posting.Lifecycle;

/// <summary>A candidate or post as the lifecycle sees it (the lifecycle columns of <c>tweets</c>).</summary>
public sealed record PostRow(
    long Id,
    string TweetId,
    string Content,
    string? ContentHash,
    string Status,
    string? Topic,
    string? Source,
    double? Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? PostedAt,
    Guid? AttemptId,
    DateTimeOffset? PostingStartedAt,
    DateTimeOffset? ApprovalDeadline,
    string? RequestId,
    string? LastError);
