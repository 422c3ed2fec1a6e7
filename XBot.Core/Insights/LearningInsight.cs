namespace XBot.Core.Insights;

/// <summary>An arm's posterior as of now (decayed): Beta(α, β), its mean, the central 95% credible interval, and its evidence.</summary>
public sealed record ArmInsight(string Arm, string Dimension, string Value, double Alpha, double Beta, double Mean, double Lower, double Upper, double Pulls, DateTimeOffset UpdatedAt);

public sealed record ArmsReport(DateTimeOffset At, double CredibleLevel, string? HalfLife, IReadOnlyList<ArmInsight> Arms);

/// <summary>One learning cycle, as its <c>LEARNING_CYCLE_COMPLETE</c> row recorded it.</summary>
public sealed record LearningCycleInsight(
    long AuditId,
    DateTimeOffset At,
    int PostsProcessed,
    int ArmsUpdated,
    double Baseline,
    string? BaselineSource,
    double? AverageReward,
    int ArmCount,
    IReadOnlyList<TrendPoint> TopArms);

/// <summary>An arm's posterior mean at one learning cycle.</summary>
public sealed record TrendPoint(string Arm, double Mean, double Pulls);

/// <summary>One arm's means over time; an arm appears at a cycle only when that cycle recorded it among its top arms.</summary>
public sealed record TrendSeries(string Arm, IReadOnlyList<TrendSample> Points);

public sealed record TrendSample(DateTimeOffset At, double Mean);

public sealed record TrendReport(string Source, IReadOnlyList<TrendSeries> Series);

/// <summary>
/// V1/V2 agreement (runbooks §6): over the decisions that shadow testing scored alongside the heuristic, how often
/// both engines picked the same post and by how much the bandit's pick was expected to do better, per day.
/// </summary>
public sealed record AgreementReport(bool ShadowTesting, bool LearningEngineV2, int Days, int Decisions, double? AgreementRate, double? AverageExpectedRewardDifference, IReadOnlyList<AgreementDay> ByDay);

public sealed record AgreementDay(DateOnly Day, int Decisions, double AgreementRate, double AverageExpectedRewardDifference);
