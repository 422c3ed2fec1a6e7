using Microsoft.Extensions.Options;

namespace XBot.Core.Candidates.Sources;

/// <summary>
/// Built-in topic templates: always available, needs no network, so the whole loop runs offline.
/// Each draft pairs a framing with a tip, so a handful of templates yields many distinct posts.
/// </summary>
public sealed class TopicTemplateSource(IOptions<CandidateOptions> options, TimeProvider time, Random? random = null) : ICandidateSource
{
    private readonly Random _random = random ?? Random.Shared;

    public string Name => "templates";

    public bool IsEnabled => options.Value.Templates.Enabled;

    public Task<IReadOnlyList<CandidateDraft>> GenerateAsync(int count, CancellationToken cancellationToken)
    {
        var topics = options.Value.Topics.Count > 0 ? options.Value.Topics : DefaultTopics.All;
        var now = time.GetUtcNow();
        var drafts = new List<CandidateDraft>(count);
        for (var i = 0; i < count; i++)
        {
            var topic = topics[_random.Next(topics.Count)];
            var templates = topic.Templates.Count > 0 ? topic.Templates : DefaultTopics.TemplatesFor(topic.Name);
            var text = templates[_random.Next(templates.Count)]
                .Replace("{topic}", topic.Name, StringComparison.Ordinal)
                .Replace("{hashtag}", "#" + new string(topic.Name.Where(char.IsLetterOrDigit).ToArray()), StringComparison.Ordinal);
            drafts.Add(new CandidateDraft(text, topic.Name, Name, now));
        }
        return Task.FromResult<IReadOnlyList<CandidateDraft>>(drafts);
    }
}
