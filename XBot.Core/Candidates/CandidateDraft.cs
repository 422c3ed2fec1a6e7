namespace XBot.Core.Candidates;

/// <summary>A post idea from a source, before preparation (normalise, check, dedup, score).</summary>
public sealed record CandidateDraft(
    string Text,
    string Topic,
    string Source,
    DateTimeOffset CreatedAt,
    string? SourceReference = null,
    bool HasMedia = false);
