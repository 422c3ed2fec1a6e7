namespace XBot.Core.Safety;

/// <summary>What LLM moderation said about a text.</summary>
public enum ModerationStatus
{
    /// <summary>No moderation is configured (no <c>OPENAI_API_KEY</c>); the other rules decide alone.</summary>
    Disabled,

    /// <summary>The moderation endpoint answered and did not flag the text.</summary>
    Passed,

    /// <summary>The moderation endpoint flagged the text.</summary>
    Flagged,

    /// <summary>Moderation is configured but gave no answer (timeout, error): the text is not known to be safe.</summary>
    NotChecked,
}
