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
    IReadOnlyList<ArmSummary> TopArms)
{
    public string Describe() =>
        $"learning cycle: {PostsProcessed} posts processed, {ArmsUpdated} arms updated, baseline {Baseline:0.0000} ({BaselineSource}, {BaselinePosts} posts), "
        + $"average reward {(AverageReward is { } r ? r.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture) : "n/a")}, {ArmCount} arms; top: "
        + (TopArms.Count == 0 ? "none" : string.Join(", ", TopArms.Select(a => $"{a.Arm} {a.Mean:0.000} ({a.Pulls:0.#})")));
}
