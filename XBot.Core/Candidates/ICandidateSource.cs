namespace XBot.Core.Candidates;

/// <summary>Where candidates come from: topic templates, RSS/Atom feeds, an LLM. Each is switched on by configuration.</summary>
public interface ICandidateSource
{
    /// <summary>The name recorded with each candidate (<c>templates</c>, <c>rss</c>, <c>llm</c>).</summary>
    string Name { get; }

    bool IsEnabled { get; }

    Task<IReadOnlyList<CandidateDraft>> GenerateAsync(int count, CancellationToken cancellationToken);
}
