namespace XBot.Core.Scheduling;

public enum CycleOutcome
{
    /// <summary>Posted to X.</summary>
    Posted,

    /// <summary>Shadow mode: the whole pipeline ran and the post was logged, not sent.</summary>
    Shadowed,

    /// <summary>The pick waits for a human approval.</summary>
    AwaitingApproval,

    /// <summary>A gate closed, or there was nothing to post.</summary>
    Skipped,

    /// <summary>X refused the post for good (duplicate content, or another final error).</summary>
    Failed,

    /// <summary>X may or may not have posted; the next cycle reconciles before anything else.</summary>
    Unknown,

    /// <summary>
    /// X answered 402 Payment Required: the credits are exhausted. Posting is switched off (the
    /// <c>posting</c> feature flag) and a CRITICAL alert raised; not an ordinary failure, and never retried.
    /// </summary>
    Halted,
}

/// <summary>
/// One scored candidate, kept in the decision record. <see cref="Score"/> is the heuristic's;
/// <see cref="Bandit"/> holds the bandit's parts when it scored the candidate (learning_engine_v2 or shadow testing).
/// </summary>
public sealed record CandidateScore(long Id, string Topic, double Priority, double Score, XBot.Core.Learning.BanditScore? Bandit = null);

/// <summary>
/// What one scheduling cycle decided and why: the scores, the safety verdicts, the gate outcome and the
/// reason for skipping. Stored in <c>schedule_decisions</c> and printed by <c>schedule test</c>.
/// </summary>
public sealed record CycleDecision(
    CycleOutcome Outcome,
    string Reason,
    DateTimeOffset At,
    long? TweetRow = null,
    string? Text = null,
    string? TweetId = null,
    IReadOnlyList<CandidateScore>? Scores = null,
    IReadOnlyList<string>? Refusals = null,
    string? Gate = null,
    IReadOnlyList<string>? Reconciled = null,
    bool Live = false,
    XBot.Core.Safety.SafetyVerdict? Verdict = null)
{
    /// <summary>Which scorer ordered the candidates: <c>heuristic</c> or <c>bandit</c> (learning_engine_v2).</summary>
    public string Engine { get; init; } = "heuristic";

    /// <summary>The side-by-side comparison, when shadow testing scored the decision alongside the heuristic.</summary>
    public XBot.Core.Learning.ShadowComparison? Comparison { get; init; }
}
