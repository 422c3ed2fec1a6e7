namespace XBot.Core.Safety;

/// <summary>The names of the safety rules, as they appear in verdicts and in <c>Safety:RuleRisks</c> / <c>Safety:DisabledRules</c>.</summary>
public static class SafetyRules
{
    public const string Length = "length";
    public const string Hashtags = "hashtags";
    public const string Spam = "spam";
    public const string Email = "email";
    public const string Phone = "phone";
    public const string CardNumber = "card_number";
    public const string NationalId = "national_id";
    public const string SecretToken = "secret_token";
    public const string UrlCredentials = "url_credentials";
    public const string Violence = "violence";
    public const string CapsRun = "caps_run";
    public const string RepeatedCharacter = "repeated_character";
    public const string PunctuationRun = "punctuation_run";
    public const string SelfPromotion = "self_promotion";
    public const string ModerationFlagged = "moderation_flagged";
    public const string ModerationUnavailable = "moderation_unavailable";

    /// <summary>A check could not finish (a configured pattern ran past its time limit): fails closed.</summary>
    public const string CheckFailed = "check_failed";

    /// <summary>Each rule's risk unless <c>Safety:RuleRisks</c> says otherwise.</summary>
    public static IReadOnlyDictionary<string, RiskLevel> DefaultRisks { get; } = new Dictionary<string, RiskLevel>
    {
        [Length] = RiskLevel.High,
        [Hashtags] = RiskLevel.Medium,
        [Spam] = RiskLevel.High,
        [Email] = RiskLevel.High,
        [Phone] = RiskLevel.High,
        [CardNumber] = RiskLevel.High,
        [NationalId] = RiskLevel.High,
        [SecretToken] = RiskLevel.High,
        [UrlCredentials] = RiskLevel.High,
        [Violence] = RiskLevel.High,
        [CapsRun] = RiskLevel.Medium,
        [RepeatedCharacter] = RiskLevel.Medium,
        [PunctuationRun] = RiskLevel.Medium,
        [SelfPromotion] = RiskLevel.Medium,
        [ModerationFlagged] = RiskLevel.High,
        [ModerationUnavailable] = RiskLevel.Medium,
        [CheckFailed] = RiskLevel.High,
    };

    public static IReadOnlyCollection<string> All => (IReadOnlyCollection<string>)DefaultRisks.Keys;

    /// <summary>Rules that can't be switched off or softened: they guard X's hard limits and the moderation contract.</summary>
    public static IReadOnlySet<string> Fixed { get; } = new HashSet<string> { Length, Hashtags, ModerationUnavailable, CheckFailed };
}
