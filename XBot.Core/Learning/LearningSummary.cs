namespace XBot.Core.Learning;

/// <summary>An arm as the summary shows it: its posterior mean and its (decayed) evidence.</summary>
public sealed record ArmSummary(string Arm, double Mean, double Pulls);

/// <summary>What one learning cycle did: the <c>LEARNING_CYCLE_COMPLETE</c> audit row's data.</summary>
public sealed record LearningSummary(
    DateTimeOffset At,
    int PostsProcessed,
    int ArmsUpdated,
    double Baseline,
    string BaselineSource,
    int BaselinePosts,
    double? AverageReward,
    int ArmCount,
    IReadOnlyList<ArmSummary> TopArms,
    ShadowComparisonSummary? Shadow = null)
{
    public string Describe() =>
        $"learning cycle: {PostsProcessed} posts processed, {ArmsUpdated} arms updated, baseline {Baseline:0.0000} ({BaselineSource}, {BaselinePosts} posts), "
        + $"average reward {(AverageReward is { } r ? r.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}, {ArmCount} arms; top: "
        + (TopArms.Count == 0 ? "none" : string.Join(", ", TopArms.Select(a => $"{a.Arm} {a.Mean:0.000} ({a.Pulls:0.#})")))
        + (Shadow is { Decisions: > 0 } s
            ? $"; shadow comparison over 7 days: {s.Decisions} decisions, agreement {s.AgreementRate:P0}, expected reward difference (bandit - heuristic) {s.AverageExpectedRewardDifference:+0.0000;-0.0000;0}"
            : "");
}

/// <summary>The side-by-side comparison of the last 7 days' decisions (runbooks §6): how often the two engines agreed, and by how much the bandit's pick was expected to do better.</summary>
public sealed record ShadowComparisonSummary(int Decisions, double? AgreementRate, double? AverageExpectedRewardDifference);
