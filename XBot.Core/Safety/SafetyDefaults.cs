namespace XBot.Core.Safety;

/// <summary>The built-in word lists and patterns, used for every list that <c>Safety</c> configuration leaves unset.</summary>
public static class SafetyDefaults
{
    /// <summary>English, Spanish, Chinese and Russian scam phrases; <c>Safety:SpamPhrases</c> replaces the whole list.</summary>
    public static IReadOnlyList<string> SpamPhrases { get; } =
    [
        "free money", "get rich quick", "make money fast", "earn money fast", "double your money",
        "double your bitcoin", "guaranteed returns", "guaranteed profit", "risk-free investment",
        "investment opportunity", "send bitcoin", "send btc", "send eth", "crypto giveaway", "airdrop",
        "claim your prize", "claim your reward", "you have won", "you've won", "act now", "limited time offer",
        "100% free", "click here", "verify your account", "account suspended", "seed phrase", "recovery phrase",
        "wire transfer", "pump and dump", "work from home and earn", "cash prize",
        // Spanish
        "dinero fácil", "gana dinero rápido", "dinero gratis", "haz clic aquí", "reclama tu premio", "has ganado",
        "oferta por tiempo limitado", "inversión garantizada", "verifica tu cuenta", "duplica tu dinero",
        // Chinese
        "免费领取", "点击领取", "恭喜您中奖", "恭喜你中奖", "稳赚不赔", "高额回报", "日赚", "加微信", "刷单", "无风险投资",
        // Russian
        "бесплатные деньги", "быстрый заработок", "вы выиграли", "заберите приз", "гарантированный доход",
        "заработок без вложений", "удвойте деньги", "подтвердите аккаунт",
    ];

    public static IReadOnlyList<string> SelfPromotionPatterns { get; } =
    [
        @"\bf(?:ollow)?\s*(?:4|for)\s*f(?:ollow)?\b",          // follow for follow, follow4follow, f4f
        @"\bfollow\s+(?:me\s+)?back\b|\bfollowback\b",
        @"\bl(?:ike)?\s*(?:4|for)\s*l(?:ike)?\b",              // like for like, l4l
        @"\bsub(?:scribe)?\s*(?:4|for)\s*sub(?:scribe)?\b",
        @"\bdm\s+(?:me|us)\b|\bsend\s+(?:me|us)\s+an?\s+dm\b|\bslide\s+into\s+(?:my|our)\s+dms?\b",
        @"\blink\s+in\s+(?:my\s+|the\s+)?bio\b",
        @"\bcheck\s+out\s+my\s+(?:profile|page|channel|store|shop|onlyfans)\b",
    ];

    public static IReadOnlyList<string> ViolencePatterns { get; } =
    [
        @"\b(?:kill|murder|exterminate|slaughter|massacre|lynch|behead|gas|shoot|hang|burn|eradicate|wipe\s+out)\s+(?:all|every|each|the|those|these)?\s*(?:of\s+)?(?:the\s+|those\s+|these\s+)?(?:{targets})\b",
        @"\b(?:{targets})\s+(?:must|should|need\s+to|deserve\s+to|ought\s+to)\s+(?:die|be\s+(?:killed|exterminated|eradicated|wiped\s+out|gassed|shot|hanged|lynched|burned|slaughtered))\b",
        @"\bdeath\s+to\s+(?:all\s+)?(?:the\s+)?(?:{targets})\b",
    ];

    public static IReadOnlyList<string> ViolenceTargets { get; } =
    [
        "jews", "muslims", "christians", "hindus", "sikhs", "buddhists", "atheists", "catholics",
        "blacks", "whites", "asians", "latinos", "hispanics", "arabs", "africans", "mexicans",
        "immigrants", "migrants", "refugees", "foreigners", "gays", "lesbians", "trans people",
        "transgender people", "queers", "women", "men", "liberals", "conservatives", "leftists",
        "democrats", "republicans", "the disabled", "gypsies", "roma",
    ];

    public static IReadOnlyList<string> NationalIdPatterns { get; } =
    [
        @"(?<!\d)(?!000|666|9\d\d)\d{3}-(?!00)\d{2}-(?!0000)\d{4}(?!\d)",                                    // US SSN
        @"(?<![A-Za-z0-9])(?!BG|GB|KN|NK|NT|TN|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D](?![A-Za-z0-9])", // UK NI number
    ];

    public static IReadOnlyList<string> SecretPatterns { get; } =
    [
        @"\bsk-(?:proj-|live-|test-|ant-)?[A-Za-z0-9_\-]{20,}",        // OpenAI and similar API keys
        @"\b[rs]k_(?:live|test)_[A-Za-z0-9]{16,}",                      // Stripe
        @"\b(?:AKIA|ASIA)[0-9A-Z]{16}\b",                               // AWS access key id
        @"\bgh[pousr]_[A-Za-z0-9]{36,}\b|\bgithub_pat_[A-Za-z0-9_]{22,}", // GitHub tokens
        @"\bxox[abposr]-[A-Za-z0-9-]{10,}",                             // Slack tokens
        @"\bAIza[0-9A-Za-z_\-]{35}\b",                                  // Google API key
        @"\beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}", // JWT
        @"-----BEGIN [A-Z ]*PRIVATE KEY-----",
    ];
}
