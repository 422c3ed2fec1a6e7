namespace XBot.Core.Candidates;

/// <summary>Where candidates come from: topic templates, RSS/Atom feeds, an LLM. Each is switched on by configuration.</summary>
public interface ICandidateSource
{
    /// <summary>The name recorded with each candidate (<c>templates</c>, <c>rss</c>, <c>llm</c>).</summary>
    string Name { get; }

    bool IsEnabled { get; }

    /// <summary>
    /// How many drafts the refresher asks for per candidate it wants queued. A source that costs nothing to
    /// read (a catalogue) offers many, so the refresher can skip what is still live and queue the rest; a
    /// source that costs per draft (an LLM) offers one.
    /// </summary>
    int Oversupply => 1;

    /// <summary>Up to <paramref name="count"/> drafts.</summary>
    Task<IReadOnlyList<CandidateDraft>> GenerateAsync(int count, CancellationToken cancellationToken);
}
