using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace XBot.Core.Candidates.Sources;

/// <summary>
/// Drafts written by an LLM through Microsoft.Extensions.AI's <see cref="IChatClient"/>; registered
/// only when OPENAI_API_KEY is set (OPENAI_BASE_URL points it at any OpenAI-compatible server).
/// </summary>
public sealed partial class LlmCandidateSource(
    IChatClient chat,
    IOptions<CandidateOptions> options,
    TimeProvider time,
    ILogger<LlmCandidateSource> logger) : ICandidateSource
{
    public string Name => "llm";

    public bool IsEnabled => options.Value.Llm.Enabled;

    public async Task<IReadOnlyList<CandidateDraft>> GenerateAsync(int count, CancellationToken cancellationToken)
    {
        var topics = options.Value.Topics.Count > 0 ? options.Value.Topics.Select(t => t.Name).ToList() : DefaultTopics.All.Select(t => t.Name).ToList();
        var prompt =
            $"Write {count} distinct posts for X about these topics: {string.Join(", ", topics)}. " +
            "Each post is under 240 characters, has at most two hashtags, no links, no @mentions, and is useful on its own. " +
            "Reply with JSON only, in this shape: {\"posts\":[{\"topic\":\"<one of the topics>\",\"text\":\"<the post>\"}]}";

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.Llm.Timeout);
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(
                [new ChatMessage(ChatRole.System, "You write concise, factual, friendly posts for a developer audience."), new ChatMessage(ChatRole.User, prompt)],
                new ChatOptions { ModelId = options.Value.Llm.Model, ResponseFormat = ChatResponseFormat.Json },
                timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogFailed(logger, ex.Message);
            return [];
        }

        return Parse(response.Text, topics, time.GetUtcNow(), count);
    }

    internal IReadOnlyList<CandidateDraft> Parse(string json, IReadOnlyList<string> topics, DateTimeOffset now, int count)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("posts", out var posts) || posts.ValueKind != JsonValueKind.Array)
            {
                LogFailed(logger, "the reply had no 'posts' array");
                return [];
            }

            return [.. posts.EnumerateArray()
                .Where(p => p.ValueKind == JsonValueKind.Object && p.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                .Select(p =>
                {
                    var topic = p.TryGetProperty("topic", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()! : topics[0];
                    return new CandidateDraft(p.GetProperty("text").GetString()!.Trim(), topics.Contains(topic) ? topic : topics[0], Name, now);
                })
                .Where(d => d.Text.Length > 0)
                .Take(count)];
        }
        catch (JsonException ex)
        {
            LogFailed(logger, $"the reply was not JSON: {ex.Message}");
            return [];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "LLM candidate generation failed; other sources still run: {Reason}")]
    private static partial void LogFailed(ILogger logger, string reason);
}
