using System.ComponentModel.DataAnnotations;

namespace XBot.Core.Learning;

/// <summary>
/// How engagement is read back from X (section <c>EngagementCollection</c>). Under X's pay-per-use pricing
/// every post read costs money, so each post is read at a few fixed ages and then never again.
/// </summary>
public sealed class EngagementCollectionOptions : IValidatableObject
{
    public const string Section = "EngagementCollection";

    /// <summary>Run the collector in the worker.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Ages at which a post is read, ascending; the first is the reward age. Default 2 h, 24 h, 72 h.</summary>
    public List<TimeSpan> ReadAges { get; set; } = [];

    /// <summary>How often the collector looks for posts due a reading.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "06:00:00", ErrorMessage = "EngagementCollection:PollInterval must be between 00:00:01 and 06:00:00.")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Ids per <c>GET /2/tweets</c> call; X allows at most 100.</summary>
    [Range(1, 100, ErrorMessage = "EngagementCollection:BatchSize must be between 1 and 100 (X's limit per lookup).")]
    public int BatchSize { get; set; } = 100;

    /// <summary>A reading with fewer impressions gives no reward; the next reading age tries again.</summary>
    [Range(1, 1_000_000, ErrorMessage = "EngagementCollection:MinImpressions must be between 1 and 1000000.")]
    public int MinImpressions { get; set; } = 10;

    /// <summary>The ages in force: <see cref="ReadAges"/>, or 2 h, 24 h and 72 h when none are configured.</summary>
    public IReadOnlyList<TimeSpan> EffectiveReadAges => ReadAges.Count > 0 ? ReadAges : [TimeSpan.FromHours(2), TimeSpan.FromHours(24), TimeSpan.FromHours(72)];

    public TimeSpan RewardAge => EffectiveReadAges[0];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        var ages = EffectiveReadAges;
        if (ages.Count > 10)
        {
            yield return new ValidationResult("EngagementCollection:ReadAges has more than 10 ages; each read costs money.", [nameof(ReadAges)]);
        }
        for (var i = 0; i < ages.Count; i++)
        {
            if (ages[i] <= TimeSpan.Zero || (i > 0 && ages[i] <= ages[i - 1]))
            {
                yield return new ValidationResult("EngagementCollection:ReadAges must be positive and strictly ascending (for example 02:00:00, 1.00:00:00, 3.00:00:00).", [nameof(ReadAges)]);
                yield break;
            }
        }
    }
}
