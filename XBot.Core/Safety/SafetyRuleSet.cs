using System.Text.RegularExpressions;
using XBot.Core.Safety.Checks;
using XBot.Core.Text.Folding;

namespace XBot.Core.Safety;

/// <summary>
/// <see cref="SafetyOptions"/> made ready to run: lists resolved against the defaults, patterns compiled.
/// Building it is also the validation: every problem is reported with its configuration key.
/// </summary>
public sealed class SafetyRuleSet
{
    /// <summary>A guard against runaway configured patterns; a match that takes longer fails closed.</summary>
    internal static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(1);

    private const RegexOptions CaseInsensitive = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    private readonly HashSet<string> _disabled;
    private readonly Dictionary<string, RiskLevel> _risks;

    private SafetyRuleSet(SafetyOptions options, List<string> errors)
    {
        _disabled = new HashSet<string>(options.DisabledRules ?? [], StringComparer.Ordinal);
        _risks = new Dictionary<string, RiskLevel>(SafetyRules.DefaultRisks);
        BlockAt = options.BlockAt;
        CapsRunMinLetters = options.CapsRunMinLetters;
        RepeatedCharacterMin = options.RepeatedCharacterMin;
        PunctuationRunMin = options.PunctuationRunMin;
        SecretMinLength = options.SecretMinLength;
        SecretMinEntropy = options.SecretMinEntropy;

        CheckRuleNames(options, errors);
        CheckRange(errors, "CapsRunMinLetters", options.CapsRunMinLetters, 5, 280);
        CheckRange(errors, "RepeatedCharacterMin", options.RepeatedCharacterMin, 3, 50);
        CheckRange(errors, "PunctuationRunMin", options.PunctuationRunMin, 2, 50);
        CheckRange(errors, "SecretMinLength", options.SecretMinLength, 16, 256);
        if (options.SecretMinEntropy is < 2.0 or > 6.0 || double.IsNaN(options.SecretMinEntropy))
        {
            errors.Add($"Safety:SecretMinEntropy is {options.SecretMinEntropy}; use bits per character from 2.0 to 6.0, for example 3.5.");
        }
        if (options.BlockAt is not (RiskLevel.Medium or RiskLevel.High))
        {
            errors.Add($"Safety:BlockAt is {options.BlockAt}; use Medium or High (Low would refuse every text).");
        }
        if (options.Moderation.Timeout <= TimeSpan.Zero || options.Moderation.Timeout > TimeSpan.FromMinutes(2))
        {
            errors.Add($"Safety:Moderation:Timeout is {options.Moderation.Timeout}; use a time span from 00:00:00.001 to 00:02:00, for example 00:00:10.");
        }
        if (string.IsNullOrWhiteSpace(options.Moderation.Model))
        {
            errors.Add("Safety:Moderation:Model is empty; name a moderation model, for example omni-moderation-latest.");
        }

        var spam = List(options.SpamPhrases, SafetyDefaults.SpamPhrases, "SpamPhrases", SafetyRules.Spam, errors);
        SpamPhrases = [.. spam.Select(p => (p.Value, new Regex(FoldedPhrasePattern(p.Value), CaseInsensitive, MatchTimeout)))];
        PhoneRegion = options.PhoneRegion?.Trim().ToUpperInvariant() ?? "";
        if (!PhoneNumberFinder.IsSupportedRegion(PhoneRegion))
        {
            errors.Add($"Safety:PhoneRegion is '{options.PhoneRegion}'; use a two-letter region code that libphonenumber knows, for example US, GB or DE.");
        }

        var targets = List(options.ViolenceTargets, SafetyDefaults.ViolenceTargets, "ViolenceTargets", SafetyRules.Violence, errors);
        var targetAlternation = string.Join('|', targets.Select(t => PhrasePattern(t.Value, boundaries: false)));
        Violence = Compile(List(options.ViolencePatterns, SafetyDefaults.ViolencePatterns, "ViolencePatterns", SafetyRules.Violence, errors),
            "ViolencePatterns", CaseInsensitive, errors, p => p.Replace("{targets}", targetAlternation, StringComparison.Ordinal));
        SelfPromotion = Compile(List(options.SelfPromotionPatterns, SafetyDefaults.SelfPromotionPatterns, "SelfPromotionPatterns", SafetyRules.SelfPromotion, errors),
            "SelfPromotionPatterns", CaseInsensitive, errors);
        NationalIds = Compile(List(options.NationalIdPatterns, SafetyDefaults.NationalIdPatterns, "NationalIdPatterns", SafetyRules.NationalId, errors),
            "NationalIdPatterns", RegexOptions.CultureInvariant, errors);
        Secrets = Compile(List(options.SecretPatterns, SafetyDefaults.SecretPatterns, "SecretPatterns", SafetyRules.SecretToken, errors),
            "SecretPatterns", RegexOptions.CultureInvariant, errors);
    }

    public static SafetyRuleSet Default { get; } = Build(new SafetyOptions());

    public IReadOnlyList<(string Phrase, Regex Regex)> SpamPhrases { get; }
    public IReadOnlyList<Regex> SelfPromotion { get; }
    public IReadOnlyList<Regex> Violence { get; }
    public IReadOnlyList<Regex> NationalIds { get; }
    public IReadOnlyList<Regex> Secrets { get; }
    public RiskLevel BlockAt { get; }

    /// <summary>The region whose numbering plan reads phone numbers written without a country code.</summary>
    public string PhoneRegion { get; }
    public int CapsRunMinLetters { get; }
    public int RepeatedCharacterMin { get; }
    public int PunctuationRunMin { get; }
    public int SecretMinLength { get; }
    public double SecretMinEntropy { get; }

    public bool IsEnabled(string rule) => !_disabled.Contains(rule);

    public RiskLevel RiskOf(string rule) => _risks[rule];

    /// <summary>The rule set, or every configuration problem (each naming its key).</summary>
    public static SafetyRuleSet? TryBuild(SafetyOptions options, out IReadOnlyList<string> errors)
    {
        var found = new List<string>();
        var ruleSet = new SafetyRuleSet(options, found);
        errors = found;
        return found.Count == 0 ? ruleSet : null;
    }

    public static SafetyRuleSet Build(SafetyOptions options) =>
        TryBuild(options, out var errors) ?? throw new InvalidOperationException("Safety configuration is invalid: " + string.Join(" ", errors));

    private void CheckRuleNames(SafetyOptions options, List<string> errors)
    {
        for (var i = 0; i < (options.DisabledRules?.Length ?? 0); i++)
        {
            var rule = options.DisabledRules![i];
            if (!SafetyRules.DefaultRisks.ContainsKey(rule))
            {
                errors.Add($"Safety:DisabledRules:{i} is '{rule}', which is no rule; use one of {string.Join(", ", SafetyRules.All)}.");
            }
            else if (SafetyRules.Fixed.Contains(rule))
            {
                errors.Add($"Safety:DisabledRules:{i} is '{rule}', which can't be disabled.");
            }
        }
        foreach (var (rule, risk) in options.RuleRisks ?? [])
        {
            if (!SafetyRules.DefaultRisks.ContainsKey(rule))
            {
                errors.Add($"Safety:RuleRisks:{rule} names no rule; use one of {string.Join(", ", SafetyRules.All)}.");
            }
            else if (SafetyRules.Fixed.Contains(rule))
            {
                errors.Add($"Safety:RuleRisks:{rule} can't be changed.");
            }
            else if (!Enum.IsDefined(risk))
            {
                errors.Add($"Safety:RuleRisks:{rule} is {risk}; use Low, Medium or High.");
            }
            else
            {
                _risks[rule] = risk;
            }
        }
    }

    /// <summary>
    /// The configured list, or the default when unset. A configured list needs at least one entry and no
    /// blank ones, unless its rule is disabled: an empty list must be meant, not a typo.
    /// </summary>
    private List<(string Key, string Value)> List(string[]? configured, IReadOnlyList<string> defaults, string name, string rule, List<string> errors)
    {
        if (configured is null)
        {
            return [.. defaults.Select((v, i) => ($"Safety:{name} (default {i})", v))];
        }
        var entries = new List<(string, string)>();
        for (var i = 0; i < configured.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(configured[i]))
            {
                errors.Add($"Safety:{name}:{i} is empty; remove it or give a value.");
            }
            else
            {
                entries.Add(($"Safety:{name}:{i}", configured[i].Trim()));
            }
        }
        if (entries.Count == 0 && IsEnabled(rule))
        {
            errors.Add($"Safety:{name} is empty; list at least one entry, or add '{rule}' to Safety:DisabledRules to switch the rule off.");
        }
        return entries;
    }

    private static List<Regex> Compile(List<(string Key, string Value)> patterns, string name, RegexOptions options, List<string> errors, Func<string, string>? expand = null)
    {
        var compiled = new List<Regex>();
        foreach (var (key, pattern) in patterns)
        {
            try
            {
                compiled.Add(new Regex(expand is null ? pattern : expand(pattern), options, MatchTimeout));
            }
            catch (ArgumentException e)
            {
                errors.Add($"{key} is not a valid regular expression ({e.Message}): {pattern}");
            }
        }
        return compiled;
    }

    private static void CheckRange(List<string> errors, string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"Safety:{name} is {value}; use a whole number from {min} to {max}.");
        }
    }

    /// <summary>A phrase as a pattern: escaped, any whitespace between words, and not inside a longer word.</summary>
    private static string PhrasePattern(string phrase, bool boundaries = true)
    {
        var body = string.Join(@"\s+", phrase.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));
        return boundaries ? @"(?<![\p{L}\p{N}])" + body + @"(?![\p{L}\p{N}])" : body;
    }

    /// <summary>
    /// A spam phrase folded as the text is (<see cref="SafetyInput.Skeleton"/> and <see cref="SafetyInput.Plain"/>), its
    /// words joined by optional space ("freemoney" is "free money"). The end of a word is a boundary, except at a
    /// Han, kana or Hangul character: those scripts don't separate words, so a phrase there may sit inside a longer run.
    /// </summary>
    private static string FoldedPhrasePattern(string phrase)
    {
        var forms = new[] { TextFolder.Fold(phrase, FoldingSteps.Safety).Value, TextFolder.Fold(phrase, FoldingSteps.Confusables | FoldingSteps.CollapseSeparators).Value }
            .Distinct(StringComparer.Ordinal)
            .Select(folded =>
            {
                var body = string.Join(@"\s*", folded.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Regex.Escape));
                var start = IsUnspacedScript(folded[0]) ? "" : @"(?<![\p{L}\p{N}])";
                var end = IsUnspacedScript(folded[^1]) ? "" : @"(?![\p{L}\p{N}])";
                return start + body + end;
            });
        return "(?:" + string.Join('|', forms) + ")";
    }

    private static bool IsUnspacedScript(char c) =>
        c is >= '\u3040' and <= '\u30FF' or >= '\u3400' and <= '\u4DBF' or >= '\u4E00' and <= '\u9FFF' or >= '\uAC00' and <= '\uD7AF' or >= '\u1100' and <= '\u11FF';
}
