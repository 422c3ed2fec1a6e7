using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace XBot.Core.Safety.Checks;

/// <summary>Shouting and noise (runbooks §8 "toxic patterns"): long runs of capitals, a character repeated, runs of <c>!</c>/<c>?</c>.</summary>
public static partial class ToneChecks
{
    public static IEnumerable<Finding> Find(SafetyInput input, SafetyRuleSet rules)
    {
        if (rules.IsEnabled(SafetyRules.CapsRun) && LongestCapsRun(input.WithoutUrls) is { Letters: var letters, Sample: var sample } && letters >= rules.CapsRunMinLetters)
        {
            yield return new Finding(SafetyRules.CapsRun, $"a run of {letters} capital letters (\"{sample}\")");
        }
        if (rules.IsEnabled(SafetyRules.RepeatedCharacter) && LongestRepeat(input.WithoutUrls) is { Count: var count, Character: var character } && count >= rules.RepeatedCharacterMin)
        {
            yield return new Finding(SafetyRules.RepeatedCharacter, $"\"{character}\" repeated {count} times in a row");
        }
        if (rules.IsEnabled(SafetyRules.PunctuationRun))
        {
            var longest = PunctuationRun().Matches(input.WithoutUrls).Select(m => m.Length).DefaultIfEmpty(0).Max();
            if (longest >= rules.PunctuationRunMin)
            {
                yield return new Finding(SafetyRules.PunctuationRun, $"{longest} '!' or '?' in a row");
            }
        }
    }

    /// <summary>
    /// The longest run of words written in capitals (at least one upper-case and no lower-case letter),
    /// counting capitals; spaces, digits and punctuation may sit between them.
    /// </summary>
    public static (int Letters, string Sample) LongestCapsRun(string text)
    {
        int best = 0, current = 0, runStart = -1, bestStart = 0, bestEnd = 0;
        foreach (Match word in Word().Matches(text))
        {
            var hasLower = word.Value.Any(char.IsLower);
            var hasUpper = word.Value.Any(char.IsUpper);
            if (hasUpper && !hasLower)
            {
                if (current == 0)
                {
                    runStart = word.Index;
                }
                current += word.Value.Count(char.IsUpper);
                if (current > best)
                {
                    (best, bestStart, bestEnd) = (current, runStart, word.Index + word.Length);
                }
            }
            else
            {
                current = 0; // a lower-case word, or one without case (CJK), ends the run
            }
        }
        var sample = best == 0 ? "" : text[bestStart..bestEnd];
        return (best, sample.Length > 40 ? sample[..40] + "…" : sample);
    }

    /// <summary>The longest run of one character (by code point), ignoring spaces and digits (so 1000000 is fine).</summary>
    public static (int Count, string Character) LongestRepeat(string text)
    {
        int best = 0, current = 0;
        Rune previous = default, bestRune = default;
        foreach (var rune in text.EnumerateRunes())
        {
            if (Rune.IsWhiteSpace(rune) || Rune.GetUnicodeCategory(rune) == UnicodeCategory.DecimalDigitNumber)
            {
                current = 0;
                continue;
            }
            current = current > 0 && rune == previous ? current + 1 : 1;
            previous = rune;
            if (current > best)
            {
                (best, bestRune) = (current, rune);
            }
        }
        return (best, best == 0 ? "" : bestRune.ToString());
    }

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    [GeneratedRegex("[!?！？]+")]
    private static partial Regex PunctuationRun();
}
