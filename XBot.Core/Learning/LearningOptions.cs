using System.ComponentModel.DataAnnotations;

namespace XBot.Core.Learning;

/// <summary>
/// The bandit and the learning cycle (section <c>Learning</c>). The exploration rate <c>epsilon</c> and the
/// <c>learning_engine_v2</c> / <c>shadow_testing</c> switches live in bot_config, editable at run time.
/// </summary>
public sealed class LearningOptions
{
    public const string Section = "Learning";

    /// <summary>Old evidence loses half its weight every half-life (discounted Thompson sampling). Zero turns decay off.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "365.00:00:00", ErrorMessage = "Learning:HalfLife must be between 00:00:00 (no decay) and 365.00:00:00.")]
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The rolling baseline is the median engagement rate of posts published in this window.</summary>
    [Range(typeof(TimeSpan), "01:00:00", "90.00:00:00", ErrorMessage = "Learning:BaselineWindow must be between 01:00:00 and 90.00:00:00.")]
    public TimeSpan BaselineWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often the worker runs a learning cycle.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00", ErrorMessage = "Learning:CycleInterval must be between 00:00:01 and 06:00:00.")]
    public TimeSpan CycleInterval { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Posts rewarded per learning cycle at most.</summary>
    [Range(1, 10_000, ErrorMessage = "Learning:MaxPostsPerCycle must be between 1 and 10000.")]
    public int MaxPostsPerCycle { get; set; } = 500;

    /// <summary>A topic used in the last this-many posts gets the diversity penalty.</summary>
    [Range(0, 100, ErrorMessage = "Learning:DiversityWindow must be between 0 and 100.")]
    public int DiversityWindow { get; set; } = 3;

    /// <summary>Subtracted from the score of a candidate whose topic is in the diversity window.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Learning:DiversityPenalty must be between 0 and 1.")]
    public double DiversityPenalty { get; set; } = 0.1;

    /// <summary>Weight of freshness (1 for a new candidate, halving every FreshnessHalfLife) in the score.</summary>
    [Range(0.0, 1.0, ErrorMessage = "Learning:FreshnessWeight must be between 0 and 1.")]
    public double FreshnessWeight { get; set; } = 0.05;

    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00", ErrorMessage = "Learning:FreshnessHalfLife must be between 00:01:00 and 30.00:00:00.")]
    public TimeSpan FreshnessHalfLife { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// The most Bernoulli observations one fractional reward may count for when the bandit draws (see
    /// <see cref="EvidenceWeight"/>). 1 samples the plain §9 posterior.
    /// </summary>
    [Range(1.0, 1000.0, ErrorMessage = "Learning:EvidenceWeightCap must be between 1 (the plain §9 posterior) and 1000.")]
    public double EvidenceWeightCap { get; set; } = 100;

    /// <summary>The decay half-life in force; null when decay is off.</summary>
    public TimeSpan? EffectiveHalfLife => HalfLife > TimeSpan.Zero ? HalfLife : null;
}
