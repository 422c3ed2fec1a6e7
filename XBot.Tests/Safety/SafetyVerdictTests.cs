using XBot.Core.Safety;
using XBot.Core.Safety.Moderation;

namespace XBot.Tests.Safety;

/// <summary>How reasons add up: every reason listed, risk aggregated, moderation's answer respected.</summary>
public class SafetyVerdictTests
{
    [Fact]
    public void A_text_breaking_three_rules_lists_exactly_three_reasons()
    {
        var verdict = SafetyRuleTests.Check("Sooooooo happy today, DM me at jane@example.com");

        Assert.Equal(
            [SafetyRules.Email, SafetyRules.RepeatedCharacter, SafetyRules.SelfPromotion],
            verdict.Reasons.Select(r => r.Rule).Order().ToArray());
        Assert.Equal(RiskLevel.High, verdict.Risk);
        Assert.False(verdict.Allowed);
    }

    [Fact]
    public void Every_reason_is_listed_even_when_one_is_enough_to_refuse()
    {
        var verdict = SafetyRuleTests.Check("CALL +44 20 7946 0958 NOW AND CLAIM YOUR PRIZE!!!!");

        Assert.Superset(
            new HashSet<string> { SafetyRules.Phone, SafetyRules.Spam, SafetyRules.CapsRun, SafetyRules.PunctuationRun },
            verdict.Reasons.Select(r => r.Rule).ToHashSet());
    }

    public static TheoryData<RiskLevel[], RiskLevel> Aggregations => new()
    {
        { [], RiskLevel.Low },
        { [RiskLevel.Low], RiskLevel.Low },
        { [RiskLevel.Low, RiskLevel.Low], RiskLevel.Low },
        { [RiskLevel.Low, RiskLevel.Low, RiskLevel.Low], RiskLevel.Medium },
        { [RiskLevel.Medium], RiskLevel.Medium },
        { [RiskLevel.Medium, RiskLevel.Low, RiskLevel.Low, RiskLevel.Low], RiskLevel.Medium },
        { [RiskLevel.Medium, RiskLevel.Medium], RiskLevel.High },
        { [RiskLevel.High], RiskLevel.High },
        { [RiskLevel.High, RiskLevel.High, RiskLevel.Medium], RiskLevel.High },
    };

    [Theory]
    [MemberData(nameof(Aggregations))]
    public void Risk_is_the_highest_raised_when_findings_add_up(RiskLevel[] risks, RiskLevel expected)
    {
        var reasons = risks.Select((r, i) => new SafetyReason($"rule{i}", "detail", r)).ToList();

        Assert.Equal(expected, SafetyVerdict.AggregateRisk(reasons));
    }

    [Theory]
    [InlineData(RiskLevel.Low, RiskLevel.Medium, true)]
    [InlineData(RiskLevel.Medium, RiskLevel.Medium, false)]
    [InlineData(RiskLevel.Medium, RiskLevel.High, true)]
    [InlineData(RiskLevel.High, RiskLevel.High, false)]
    public void A_text_is_allowed_below_the_block_level(RiskLevel risk, RiskLevel blockAt, bool allowed)
    {
        var verdict = SafetyVerdict.From([new SafetyReason("rule", "detail", risk)], ModerationStatus.Disabled, blockAt);

        Assert.Equal(allowed, verdict.Allowed);
    }

    [Theory]
    [InlineData(ModerationStatus.Disabled, true, true)]
    [InlineData(ModerationStatus.Passed, true, true)]
    [InlineData(ModerationStatus.Flagged, false, true)]
    [InlineData(ModerationStatus.NotChecked, false, false)]
    public void Moderation_that_did_not_answer_never_counts_as_safe(ModerationStatus status, bool allowed, bool isChecked)
    {
        var outcome = status switch
        {
            ModerationStatus.Flagged => new ModerationOutcome(status, ["violence"]),
            ModerationStatus.NotChecked => ModerationOutcome.NotChecked("no answer"),
            _ => new ModerationOutcome(status, []),
        };

        var verdict = SafetyGuard.Evaluate("A perfectly ordinary post about testing.", 3, SafetyRuleSet.Default, outcome);

        Assert.Equal(allowed, verdict.Allowed);
        Assert.Equal(isChecked, verdict.Checked);
        Assert.Equal(status, verdict.Moderation);
        if (status == ModerationStatus.NotChecked)
        {
            var reason = Assert.Single(verdict.Reasons);
            Assert.Equal(SafetyRules.ModerationUnavailable, reason.Rule);
        }
        if (status == ModerationStatus.Flagged)
        {
            var reason = Assert.Single(verdict.Reasons);
            Assert.Equal(SafetyRules.ModerationFlagged, reason.Rule);
            Assert.Contains("violence", reason.Detail);
        }
    }

    [Fact]
    public void A_rule_risk_can_be_lowered_to_a_warning_and_a_rule_switched_off()
    {
        var rules = SafetyRuleSet.Build(new SafetyOptions
        {
            RuleRisks = new() { [SafetyRules.CapsRun] = RiskLevel.Low },
            DisabledRules = [SafetyRules.Spam],
        });

        var shouting = SafetyRuleTests.Check("THIS IS ABSOLUTELY THE BEST DAY EVER", rules);
        var spam = SafetyRuleTests.Check("Claim your prize before the weekend ends", rules);

        Assert.True(shouting.Allowed);
        Assert.Equal(RiskLevel.Low, Assert.Single(shouting.Reasons).Risk);
        Assert.Empty(spam.Reasons);
    }

    [Fact]
    public void Max_hashtags_outside_one_to_five_is_refused_naming_the_key()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SafetyRuleTests.Check("A perfectly ordinary post", maxHashtags: 6));

        Assert.Contains("max_hashtags", error.Message);
        Assert.Contains("1 to 5", error.Message);
    }
}
