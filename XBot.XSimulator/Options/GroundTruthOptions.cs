namespace XBot.XSimulator.Options;

/// <summary>
/// The engagement the stand-in produces, which the bandit is meant to discover. A post's engagement rate
/// is its topic's <see cref="TopicTruthOptions.Rate"/> times the multiplier of the hour it was posted
/// (in <see cref="TimeZone"/>), times per-post noise; its impressions grow with age towards a per-post reach.
/// </summary>
public sealed class GroundTruthOptions
{
    /// <summary>The rate of a post that matches no topic.</summary>
    public double DefaultRate { get; set; } = 0.015;

    /// <summary>Topics by name. When none are configured, <see cref="GroundTruth.DefaultTopics"/> are used.</summary>
    public Dictionary<string, TopicTruthOptions> Topics { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>24 multipliers, hour 0 to 23; unset means <see cref="GroundTruth.DefaultHourMultipliers"/> (peak 18-22 h).</summary>
    public double[]? HourMultipliers { get; set; }

    /// <summary>IANA or Windows time zone id in which the hour of a post is taken.</summary>
    public string TimeZone { get; set; } = "UTC";

    /// <summary>A typical post's impressions once it has stopped growing.</summary>
    public double MedianReach { get; set; } = 1000;

    /// <summary>Hours for a post to collect half of its reach.</summary>
    public double ReachHalfLifeHours { get; set; } = 3;

    /// <summary>Spread of the per-post noise (sigma of a log-normal factor) on the rate; 0 for none.</summary>
    public double RateNoise { get; set; } = 0.25;

    /// <summary>Spread of the per-post noise on the reach.</summary>
    public double ReachNoise { get; set; } = 0.5;

    /// <summary>How much faster than the clock posts age, for live demos (60: one real minute is an hour of growth).</summary>
    public double TimeScale { get; set; } = 1;
}

public sealed class TopicTruthOptions
{
    /// <summary>Base engagement rate (engagements / impressions), 0 to 1.</summary>
    public double Rate { get; set; }

    /// <summary>Hashtags (<c>#ai</c>) or phrases that put a post in this topic; empty means just <c>#name</c>.</summary>
    public List<string> Keywords { get; set; } = [];

    /// <summary>This topic's own 24 hour multipliers, when its audience keeps other hours.</summary>
    public double[]? HourMultipliers { get; set; }
}
