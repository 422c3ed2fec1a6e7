namespace XBot.Core.Safety.Moderation;

/// <summary>Used when no <c>OPENAI_API_KEY</c> is set: moderation is off and blocks nothing.</summary>
public sealed class DisabledContentModerator : IContentModerator
{
    public Task<ModerationOutcome> ModerateAsync(string text, CancellationToken cancellationToken) => Task.FromResult(ModerationOutcome.Disabled);
}
