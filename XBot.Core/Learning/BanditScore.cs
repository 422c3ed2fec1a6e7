namespace XBot.Core.Learning;

/// <summary>
/// Why a candidate scored what it did: the bandit's sample (the mean of one Beta draw per arm, or a uniform
/// draw when the epsilon floor chose to explore), the freshness bonus and the diversity penalty. Kept in
/// the decision so the console can say why this post, now.
/// </summary>
public sealed record BanditScore(
    long Id,
    IReadOnlyDictionary<string, double> ArmSamples,
    double Sample,
    bool Explored,
    double Freshness,
    double Diversity,
    double Total,
    double ExpectedReward);

/// <summary>
/// The side-by-side comparison of runbooks §6: what the heuristic picked, what the bandit would have picked,
/// and the difference in expected reward (posterior means) between the two picks.
/// </summary>
public sealed record ShadowComparison(long HeuristicPick, long BanditPick, bool Agree, double ExpectedRewardDifference);
