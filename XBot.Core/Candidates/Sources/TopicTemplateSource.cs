using Microsoft.Extensions.Options;

namespace XBot.Core.Candidates.Sources;

/// <summary>
/// Built-in topic templates: always available, needs no network, so the whole loop runs offline. The
/// catalogue (configured templates, or <see cref="DefaultTopics"/>' tips × formats) is offered without
/// repeats, topics taken in turn, starting each day <see cref="DailyStride"/> posts further on: a daily
/// refresh reaches posts it has not offered for weeks, while the refresher skips whatever is still live.
/// </summary>
public sealed class TopicTemplateSource(IOptions<CandidateOptions> options, TimeProvider time) : ICandidateSource
{
    /// <summary>How far the starting point moves each day: more than a day's posts (17 at the default cap).</summary>
    public const int DailyStride = 24;

    public string Name => "templates";

    public bool IsEnabled => options.Value.Templates.Enabled;

    /// <summary>Reading the catalogue costs nothing, so it offers many drafts for each one wanted.</summary>
    public int Oversupply => 30;

    public Task<IReadOnlyList<CandidateDraft>> GenerateAsync(int count, CancellationToken cancellationToken)
    {
        var catalogue = Catalogue();
        var now = time.GetUtcNow();
        var drafts = new List<CandidateDraft>(Math.Min(count, catalogue.Count));
        if (catalogue.Count > 0)
        {
            var start = (int)(now.ToUnixTimeSeconds() / 86_400 * DailyStride % catalogue.Count);
            for (var i = 0; i < Math.Min(count, catalogue.Count); i++)
            {
                var (topic, text) = catalogue[(start + i) % catalogue.Count];
                drafts.Add(new CandidateDraft(text, topic, Name, now));
            }
        }
        return Task.FromResult<IReadOnlyList<CandidateDraft>>(drafts);
    }

    /// <summary>Every post this source can make, topics interleaved, each text once.</summary>
    public IReadOnlyList<(string Topic, string Text)> Catalogue()
    {
        var topics = options.Value.Topics.Count > 0 ? options.Value.Topics : DefaultTopics.All;
        var perTopic = topics.Select(topic => (topic.Name, Posts: Expand(topic))).ToList();
        var result = new List<(string, string)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < perTopic.Max(t => t.Posts.Count); i++)
        {
            foreach (var (name, posts) in perTopic)
            {
                if (i < posts.Count && seen.Add(posts[i]))
                {
                    result.Add((name, posts[i]));
                }
            }
        }
        return result;
    }

    private static IReadOnlyList<string> Expand(TopicOptions topic)
    {
        var hashtag = "#" + new string([.. topic.Name.Where(char.IsLetterOrDigit)]);
        IEnumerable<string> templates = topic.Templates.Count > 0 ? topic.Templates
            : DefaultTopics.PostsFor(topic.Name) is { Count: > 0 } posts ? posts
            : DefaultTopics.Formats.Select(f => f.Replace("{tip}", "keep it simple and write it down.", StringComparison.Ordinal));
        return [.. templates.Select(t => t
            .Replace("{topic}", topic.Name, StringComparison.Ordinal)
            .Replace("{hashtag}", hashtag, StringComparison.Ordinal))];
    }
}
