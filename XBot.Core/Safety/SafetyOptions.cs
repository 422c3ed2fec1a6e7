namespace XBot.Core.Safety;

/// <summary>
/// The safety guard's configuration, section <c>Safety</c>. A list left unset uses the built-in default
/// (<see cref="SafetyDefaults"/>); a list that is set replaces it. To switch a rule off, name it in
/// <see cref="DisabledRules"/>. Validated at start-up by <see cref="SafetyOptionsValidator"/>.
/// </summary>
public sealed class SafetyOptions
{
    public const string SectionName = "Safety";

    /// <summary>
    /// Spam and scam phrases in any script, matched as whole words on the folded text: case, width, invisible
    /// characters, accents, look-alike letters, leetspeak and separators (<c>f.r.e.e</c>, <c>free-money</c>,
    /// <c>freemoney</c>) don't hide a phrase.
    /// </summary>
    public string[]? SpamPhrases { get; set; }

    /// <summary>Regular expressions (case-insensitive) for self-promotion: "follow for follow", "DM me", "link in bio".</summary>
    public string[]? SelfPromotionPatterns { get; set; }

    /// <summary>Regular expressions (case-insensitive) for calls to violence; <c>{targets}</c> stands for <see cref="ViolenceTargets"/>.</summary>
    public string[]? ViolencePatterns { get; set; }

    /// <summary>The groups that <c>{targets}</c> in <see cref="ViolencePatterns"/> matches, as plain words.</summary>
    public string[]? ViolenceTargets { get; set; }

    /// <summary>Regular expressions (case-sensitive; use <c>(?i)</c> to change that) for national identity numbers.</summary>
    public string[]? NationalIdPatterns { get; set; }

    /// <summary>Regular expressions (case-sensitive) for secret-looking tokens: API keys, access tokens, JWTs, private keys.</summary>
    public string[]? SecretPatterns { get; set; }

    /// <summary>Rules that don't run, by name (<see cref="SafetyRules"/>); the length, hashtag and moderation-unavailable rules can't be disabled.</summary>
    public string[] DisabledRules { get; set; } = [];

    /// <summary>Overrides of a rule's risk (<see cref="SafetyRules.DefaultRisks"/>), for example <c>Safety:RuleRisks:caps_run=Low</c>.</summary>
    public Dictionary<string, RiskLevel> RuleRisks { get; set; } = [];

    /// <summary>A text whose aggregated risk reaches this level is refused: Medium (default) or High.</summary>
    public RiskLevel BlockAt { get; set; } = RiskLevel.Medium;

    /// <summary>A run of capitals (across words) this many letters long or longer is shouting. 5-280.</summary>
    public int CapsRunMinLetters { get; set; } = 20;

    /// <summary>A character (other than a digit or space) repeated this many times in a row is flagged. 3-50.</summary>
    public int RepeatedCharacterMin { get; set; } = 6;

    /// <summary>This many <c>!</c> or <c>?</c> in a row are flagged. 2-50.</summary>
    public int PunctuationRunMin { get; set; } = 4;

    /// <summary>A token this long or longer, mixing letters and digits, is checked for randomness. 16-256.</summary>
    public int SecretMinLength { get; set; } = 32;

    /// <summary>Shannon entropy (bits per character) at or above which such a token looks like a secret. 2.0-6.0.</summary>
    public double SecretMinEntropy { get; set; } = 3.5;

    /// <summary>The region (ISO 3166 two-letter code) whose numbering plan reads phone numbers written without a country code.</summary>
    public string PhoneRegion { get; set; } = "US";

    public ModerationOptions Moderation { get; set; } = new();
}

/// <summary>LLM moderation through the OpenAI moderation endpoint; used only when <c>OPENAI_API_KEY</c> is set.</summary>
public sealed class ModerationOptions
{
    /// <summary>The moderation model.</summary>
    public string Model { get; set; } = "omni-moderation-latest";

    /// <summary>How long to wait for an answer before the verdict is "not checked" (which blocks posting). 1 ms to 2 minutes.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}
