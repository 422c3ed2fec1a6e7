using System.Text.RegularExpressions;

namespace XBot.Core.Safety.Checks;

/// <summary>
/// The configured lists: spam and scam phrases, self-promotion, and calls to violence against a group.
/// Each is matched on the folded text (<see cref="SafetyInput.Skeleton"/>, <see cref="SafetyInput.Plain"/>),
/// and the finding quotes the text as written, so a reviewer sees what was hidden and how.
/// </summary>
public static class WordListChecks
{
    public static IEnumerable<Finding> Find(SafetyInput input, SafetyRuleSet rules)
    {
        if (rules.IsEnabled(SafetyRules.Spam))
        {
            foreach (var (phrase, regex) in rules.SpamPhrases)
            {
                if (FirstMatch(input, regex) is { } written)
                {
                    yield return new Finding(SafetyRules.Spam, $"spam or scam phrase \"{phrase}\"{As(phrase, written)}");
                }
            }
        }
        foreach (var finding in Matches(input, rules, SafetyRules.SelfPromotion, rules.SelfPromotion, "self-promotion"))
        {
            yield return finding;
        }
        foreach (var finding in Matches(input, rules, SafetyRules.Violence, rules.Violence, "call to violence against a group"))
        {
            yield return finding;
        }
    }

    private static IEnumerable<Finding> Matches(SafetyInput input, SafetyRuleSet rules, string rule, IReadOnlyList<Regex> patterns, string what)
    {
        if (!rules.IsEnabled(rule))
        {
            yield break;
        }
        foreach (var regex in patterns)
        {
            if (FirstMatch(input, regex) is { } written)
            {
                yield return new Finding(rule, $"{what} \"{written}\"");
            }
        }
    }

    /// <summary>The original words behind the first match in either fold, or null.</summary>
    private static string? FirstMatch(SafetyInput input, Regex regex)
    {
        foreach (var fold in input.Folds)
        {
            var match = regex.Match(fold.Value);
            if (match.Success)
            {
                return fold.OriginalOf(match.Index, match.Length);
            }
        }
        return null;
    }

    private static string As(string phrase, string written) =>
        string.Equals(phrase, written, StringComparison.OrdinalIgnoreCase) ? "" : $" written as \"{written}\"";
}
