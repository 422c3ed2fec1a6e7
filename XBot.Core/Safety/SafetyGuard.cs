using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;
using XBot.Core.Safety.Checks;
using XBot.Core.Safety.Moderation;
using XBot.Core.Text;

namespace XBot.Core.Safety;

/// <summary>
/// The content safety guard (runbooks §8): runs every rule on a text and, when moderation is configured,
/// asks the moderation endpoint. The verdict lists every reason. The rules themselves are pure
/// (<see cref="Evaluate"/>); only moderation does I/O.
/// </summary>
public sealed class SafetyGuard(IOptions<SafetyOptions> options, IContentModerator moderator)
{
    private readonly SafetyRuleSet _rules = SafetyRuleSet.Build(options.Value);

    /// <summary>All rules plus moderation. Cancelling the token (shutdown) throws rather than deciding.</summary>
    public async Task<SafetyVerdict> CheckAsync(string text, int maxHashtags, CancellationToken cancellationToken)
    {
        PostTextRules.EnsureMaxHashtags(maxHashtags);
        var moderation = await moderator.ModerateAsync(TextNormalizer.Normalize(text), cancellationToken);
        return Evaluate(text, maxHashtags, _rules, moderation);
    }

    /// <summary>The rules alone, for a text already known to need no moderation (moderation is recorded as disabled).</summary>
    public SafetyVerdict CheckWithoutModeration(string text, int maxHashtags) => Evaluate(text, maxHashtags, _rules, ModerationOutcome.Disabled);

    /// <summary>The verdict on <paramref name="text"/> under <paramref name="rules"/>, given what moderation said.</summary>
    public static SafetyVerdict Evaluate(string text, int maxHashtags, SafetyRuleSet rules, ModerationOutcome moderation)
    {
        PostTextRules.EnsureMaxHashtags(maxHashtags);
        var input = new SafetyInput(text, maxHashtags);
        var reasons = new List<SafetyReason>();

        Run(reasons, rules, "limits", () => LimitChecks.Find(input));
        Run(reasons, rules, "word lists", () => WordListChecks.Find(input, rules));
        Run(reasons, rules, "personal data", () => PersonalDataChecks.Find(input, rules));
        Run(reasons, rules, "secrets", () => SecretChecks.Find(input, rules));
        Run(reasons, rules, "tone", () => ToneChecks.Find(input, rules));

        switch (moderation.Status)
        {
            case ModerationStatus.Flagged:
                reasons.Add(new SafetyReason(SafetyRules.ModerationFlagged,
                    "moderation flagged " + (moderation.Categories.Count > 0 ? string.Join(", ", moderation.Categories) : "the text"),
                    rules.RiskOf(SafetyRules.ModerationFlagged)));
                break;
            case ModerationStatus.NotChecked:
                reasons.Add(new SafetyReason(SafetyRules.ModerationUnavailable, moderation.Problem ?? "moderation gave no answer",
                    rules.RiskOf(SafetyRules.ModerationUnavailable)));
                break;
        }
        return SafetyVerdict.From(reasons, moderation.Status, rules.BlockAt);
    }

    /// <summary>Adds a check's findings; a configured pattern that runs away fails closed, as a High finding.</summary>
    private static void Run(List<SafetyReason> reasons, SafetyRuleSet rules, string checkName, Func<IEnumerable<Finding>> check)
    {
        try
        {
            foreach (var finding in check())
            {
                reasons.Add(new SafetyReason(finding.Rule, finding.Detail, rules.RiskOf(finding.Rule)));
            }
        }
        catch (RegexMatchTimeoutException)
        {
            reasons.Add(new SafetyReason(SafetyRules.CheckFailed, $"the {checkName} check timed out, so the text is not known to be safe", rules.RiskOf(SafetyRules.CheckFailed)));
        }
    }
}
