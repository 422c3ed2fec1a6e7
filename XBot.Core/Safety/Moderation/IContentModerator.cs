namespace XBot.Core.Safety.Moderation;

/// <summary>LLM moderation of a text. Never throws for a failed check: it answers <see cref="ModerationStatus.NotChecked"/>.</summary>
public interface IContentModerator
{
    /// <summary>Cancelling <paramref name="cancellationToken"/> (shutdown) throws; a timeout of the call itself is "not checked".</summary>
    Task<ModerationOutcome> ModerateAsync(string text, CancellationToken cancellationToken);
}

/// <summary>What moderation said: its status, the categories it flagged, and why it could not check.</summary>
public sealed record ModerationOutcome(ModerationStatus Status, IReadOnlyList<string> Categories, string? Problem = null)
{
    public static ModerationOutcome Disabled { get; } = new(ModerationStatus.Disabled, []);

    public static ModerationOutcome Passed { get; } = new(ModerationStatus.Passed, []);

    public static ModerationOutcome NotChecked(string problem) => new(ModerationStatus.NotChecked, [], problem);
}
