namespace XBot.Core.Safety.Checks;

/// <summary>The configured lists: spam and scam phrases, self-promotion, and calls to violence against a group.</summary>
public static class WordListChecks
{
    public static IEnumerable<Finding> Find(SafetyInput input, SafetyRuleSet rules)
    {
        if (rules.IsEnabled(SafetyRules.Spam))
        {
            foreach (var (phrase, regex) in rules.SpamPhrases)
            {
                if (regex.IsMatch(input.Folded))
                {
                    yield return new Finding(SafetyRules.Spam, $"spam or scam phrase \"{phrase}\"");
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

    private static IEnumerable<Finding> Matches(SafetyInput input, SafetyRuleSet rules, string rule, IReadOnlyList<System.Text.RegularExpressions.Regex> patterns, string what)
    {
        if (!rules.IsEnabled(rule))
        {
            yield break;
        }
        foreach (var regex in patterns)
        {
            var match = regex.Match(input.Folded);
            if (match.Success)
            {
                yield return new Finding(rule, $"{what} \"{match.Value}\"");
            }
        }
    }
}
