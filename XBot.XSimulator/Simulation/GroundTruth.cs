using XBot.XSimulator.Options;

namespace XBot.XSimulator.Simulation;

/// <summary>One topic's truth: its base rate, the words that select it, and its hour multipliers.</summary>
public sealed record TopicTruth(string Name, double Rate, IReadOnlyList<string> Keywords, IReadOnlyList<double> HourMultipliers);

/// <summary>
/// The validated, immutable form of <see cref="GroundTruthOptions"/>. The simulator swaps whole instances
/// when the admin API changes it, so a metrics read never sees half an update.
/// </summary>
public sealed record GroundTruth(
    double DefaultRate,
    IReadOnlyList<TopicTruth> Topics,
    IReadOnlyList<double> HourMultipliers,
    TimeZoneInfo TimeZone,
    double MedianReach,
    double ReachHalfLifeHours,
    double RateNoise,
    double ReachNoise,
    double TimeScale)
{
    public const string DefaultTopic = "default";

    /// <summary>Evening peak, night trough: what the runbook's 18-22 h peak-hour boost assumes.</summary>
    public static readonly IReadOnlyList<double> DefaultHourMultipliers =
    [
        0.5, 0.4, 0.35, 0.3, 0.3, 0.35, 0.5, 0.7, 0.85, 0.9, 0.95, 1.0,
        1.05, 1.0, 0.95, 0.95, 1.0, 1.1, 1.3, 1.4, 1.45, 1.35, 1.0, 0.7,
    ];

    /// <summary>Example topics so that a stand-in with no configuration still has something to learn.</summary>
    public static readonly IReadOnlyDictionary<string, TopicTruthOptions> DefaultTopics = new Dictionary<string, TopicTruthOptions>
    {
        ["ai"] = new() { Rate = 0.045, Keywords = ["#ai", "artificial intelligence", "machine learning", "llm"] },
        ["devops"] = new() { Rate = 0.03, Keywords = ["#devops", "kubernetes", "ci/cd", "deployment"] },
        ["productivity"] = new() { Rate = 0.02, Keywords = ["#productivity", "focus", "habits"] },
    };

    public TopicTruth Topic(string name) =>
        Topics.FirstOrDefault(t => string.Equals(t.Name, name, StringComparison.OrdinalIgnoreCase))
        ?? new TopicTruth(DefaultTopic, DefaultRate, [], HourMultipliers);

    /// <summary>Validates <paramref name="options"/>; every problem is listed in one exception naming the setting.</summary>
    public static GroundTruth From(GroundTruthOptions options)
    {
        var errors = new List<string>();
        const string prefix = XSimulatorOptions.Section + ":GroundTruth:";

        Rate(options.DefaultRate, prefix + "DefaultRate", errors);
        var hours = Hours(options.HourMultipliers, prefix + "HourMultipliers", errors) ?? DefaultHourMultipliers;

        var topicOptions = options.Topics.Count > 0 ? options.Topics : DefaultTopics;
        var topics = new List<TopicTruth>();
        foreach (var (name, topic) in topicOptions.OrderBy(t => t.Key, StringComparer.OrdinalIgnoreCase))
        {
            if (string.IsNullOrWhiteSpace(name) || string.Equals(name, DefaultTopic, StringComparison.OrdinalIgnoreCase))
            {
                errors.Add($"{prefix}Topics has a topic named '{name}'; use a non-empty name other than '{DefaultTopic}' (set DefaultRate for unmatched posts).");
                continue;
            }
            Rate(topic.Rate, $"{prefix}Topics:{name}:Rate", errors);
            var keywords = topic.Keywords.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).ToList();
            topics.Add(new TopicTruth(name, topic.Rate, keywords.Count > 0 ? keywords : ["#" + name],
                Hours(topic.HourMultipliers, $"{prefix}Topics:{name}:HourMultipliers", errors) ?? hours));
        }

        TimeZoneInfo? zone = null;
        try
        {
            zone = TimeZoneInfo.FindSystemTimeZoneById(options.TimeZone);
        }
        catch (Exception e) when (e is TimeZoneNotFoundException or InvalidTimeZoneException or ArgumentException)
        {
            errors.Add($"{prefix}TimeZone is '{options.TimeZone}'; use a time zone id such as UTC or Europe/Berlin.");
        }
        Positive(options.MedianReach, prefix + "MedianReach", 1e9, errors);
        Positive(options.ReachHalfLifeHours, prefix + "ReachHalfLifeHours", 24 * 365, errors);
        Positive(options.TimeScale, prefix + "TimeScale", 1e6, errors);
        if (options.RateNoise is < 0 or > 3 || double.IsNaN(options.RateNoise))
        {
            errors.Add($"{prefix}RateNoise is {options.RateNoise}; use 0 to 3.");
        }
        if (options.ReachNoise is < 0 or > 3 || double.IsNaN(options.ReachNoise))
        {
            errors.Add($"{prefix}ReachNoise is {options.ReachNoise}; use 0 to 3.");
        }

        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid ground truth: " + string.Join(" ", errors));
        }
        return new GroundTruth(options.DefaultRate, topics, hours, zone!, options.MedianReach, options.ReachHalfLifeHours,
            options.RateNoise, options.ReachNoise, options.TimeScale);
    }

    /// <summary>The options form again, for the admin API to show and to take back edited.</summary>
    public GroundTruthOptions ToOptions() => new()
    {
        DefaultRate = DefaultRate,
        Topics = Topics.ToDictionary(t => t.Name, t => new TopicTruthOptions { Rate = t.Rate, Keywords = [.. t.Keywords], HourMultipliers = [.. t.HourMultipliers] }, StringComparer.OrdinalIgnoreCase),
        HourMultipliers = [.. HourMultipliers],
        TimeZone = TimeZone.Id,
        MedianReach = MedianReach,
        ReachHalfLifeHours = ReachHalfLifeHours,
        RateNoise = RateNoise,
        ReachNoise = ReachNoise,
        TimeScale = TimeScale,
    };

    private static void Rate(double value, string name, List<string> errors)
    {
        if (value is < 0 or > 1 || double.IsNaN(value))
        {
            errors.Add($"{name} is {value}; use an engagement rate from 0 to 1, for example 0.03.");
        }
    }

    private static void Positive(double value, string name, double max, List<string> errors)
    {
        if (!(value > 0 && value <= max))
        {
            errors.Add($"{name} is {value}; use a number above 0 and at most {max}.");
        }
    }

    private static IReadOnlyList<double>? Hours(double[]? values, string name, List<string> errors)
    {
        if (values is null)
        {
            return null;
        }
        if (values.Length != 24 || values.Any(v => v is < 0 or > 100 || double.IsNaN(v)))
        {
            errors.Add($"{name} has {values.Length} values; give 24 multipliers (hours 0 to 23), each from 0 to 100.");
            return null;
        }
        return values;
    }
}
