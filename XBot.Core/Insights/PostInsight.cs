using XBot.Core.Learning;
using XBot.Core.Scheduling;

namespace XBot.Core.Insights;

/// <summary>A post as the console lists it: its status, metrics, engagement rate, tier and the decision that picked it.</summary>
public sealed record PostInsight(
    long Id,
    string TweetId,
    string Content,
    string Status,
    string? Topic,
    string? Source,
    double? Priority,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PostedAt,
    Engagement Metrics,
    double? EngagementRate,
    string? Tier,
    double? Reward,
    string? XUrl,
    PostDecision? Decision);

/// <summary>
/// The scheduling decision that picked a post: its outcome, the engine that ordered the candidates, and the
/// post's own score with its parts (the heuristic's priority and score, the bandit's sample, freshness and diversity).
/// </summary>
public sealed record PostDecision(
    long Id,
    DateTimeOffset DecidedAt,
    string Outcome,
    string? Reason,
    string Engine,
    int Candidates,
    CandidateScore? Score,
    ShadowComparison? Comparison);

/// <summary>One step of a post's lifecycle, from the audit log: when, what, and who (an operator, or the process that did it).</summary>
public sealed record LifecycleStep(long AuditId, DateTimeOffset At, string Event, string? From, string? To, string? Reason, string? Actor, string? Error);

public sealed record PostDetail(PostInsight Post, IReadOnlyList<LifecycleStep> History);

public sealed record PostPage(IReadOnlyList<PostInsight> Items, long? NextBefore);
