using System.ComponentModel.DataAnnotations;

namespace XBot.Core.Candidates;

/// <summary>Topics, sources and scoring of candidates (section <c>Candidates</c>): configuration, not code.</summary>
public sealed class CandidateOptions : IValidatableObject
{
    public const string Section = "Candidates";

    /// <summary>Topics the bot writes about, with their templates and priority boost.</summary>
    public List<TopicOptions> Topics { get; set; } = [];

    public TemplateSourceOptions Templates { get; set; } = new();

    public RssSourceOptions Rss { get; set; } = new();

    public LlmSourceOptions Llm { get; set; } = new();

    /// <summary>How many drafts one refresh asks of each source.</summary>
    [Range(1, 200, ErrorMessage = "Candidates:BatchSize must be between 1 and 200.")]
    public int BatchSize { get; set; } = 20;

    /// <summary>Queued candidates expire after this (runbooks §8: 48 h).</summary>
    [Range(typeof(TimeSpan), "01:00:00", "7.00:00:00", ErrorMessage = "Candidates:Expiry must be between 01:00:00 and 7.00:00:00.")]
    public TimeSpan Expiry { get; set; } = TimeSpan.FromHours(48);

    [Range(0.0, 10.0)]
    public double MediaBoost { get; set; } = 0.1;

    [Range(0.0, 10.0)]
    public double PeakHourBoost { get; set; } = 0.15;

    /// <summary>Local hours (in the scheduler's time zone) that get the peak boost: 18–22 h by the runbook.</summary>
    public List<int> PeakHours { get; set; } = [18, 19, 20, 21, 22];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (PeakHours.Any(h => h is < 0 or > 23))
        {
            yield return new ValidationResult("Candidates:PeakHours must be hours from 0 to 23.", [nameof(PeakHours)]);
        }
        foreach (var (topic, index) in Topics.Select((t, i) => (t, i)))
        {
            if (string.IsNullOrWhiteSpace(topic.Name))
            {
                yield return new ValidationResult($"Candidates:Topics:{index}:Name must not be empty.", [nameof(Topics)]);
            }
            if (topic.Boost is < 0 or > 10)
            {
                yield return new ValidationResult($"Candidates:Topics:{index}:Boost must be between 0 and 10.", [nameof(Topics)]);
            }
        }
        foreach (var (feed, index) in Rss.Feeds.Select((f, i) => (f, i)))
        {
            if (!Uri.TryCreate(feed.Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                yield return new ValidationResult($"Candidates:Rss:Feeds:{index}:Url '{feed.Url}' is not an http(s) URL.", [nameof(Rss)]);
            }
        }
    }
}

public sealed class TopicOptions
{
    public string Name { get; set; } = "";

    /// <summary>Added to a candidate's priority (topic boost).</summary>
    public double Boost { get; set; }

    /// <summary>Offline templates; <c>{topic}</c> and <c>{hashtag}</c> are filled in.</summary>
    public List<string> Templates { get; set; } = [];
}

public sealed class TemplateSourceOptions
{
    public bool Enabled { get; set; } = true;
}

public sealed class RssSourceOptions
{
    public bool Enabled { get; set; } = true;

    public List<FeedOptions> Feeds { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(20);
}

public sealed class FeedOptions
{
    public string Url { get; set; } = "";

    /// <summary>The topic recorded for this feed's items.</summary>
    public string Topic { get; set; } = "news";
}

public sealed class LlmSourceOptions
{
    /// <summary>Used only when OPENAI_API_KEY is set.</summary>
    public bool Enabled { get; set; } = true;

    public string Model { get; set; } = "gpt-4o-mini";

    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
