using XBot.Core.Safety;
using XBot.Core.Safety.Moderation;

namespace XBot.Tests.Safety;

/// <summary>Every rule of runbooks §8 with texts that break it and texts that don't (and pass the whole guard).</summary>
public class SafetyRuleTests
{
    public static TheoryData<string, string> Breaking => new()
    {
        { SafetyRules.Length, "Too short" },
        { SafetyRules.Length, new string('x', 281) },
        { SafetyRules.Hashtags, "Four tags #one #two #three #four in one post" },
        { SafetyRules.Spam, "Claim your prize before the weekend ends" },
        { SafetyRules.Spam, "ＦＲＥＥ ＭＯＮＥＹ for everyone today" },
        { SafetyRules.Email, "Write to jane.doe@example.com for the details" },
        { SafetyRules.Phone, "Call +44 20 7946 0958 today please" },
        { SafetyRules.Phone, "Call (415) 555-2671 for more info" },
        { SafetyRules.Phone, "Reach us at 0049 30 901820 anytime" },
        { SafetyRules.CardNumber, "Card 4111 1111 1111 1111 works for the test" },
        { SafetyRules.CardNumber, "Use 5500-0000-0000-0004 at the checkout" },
        { SafetyRules.NationalId, "My SSN is 123-45-6789, keep it safe" },
        { SafetyRules.NationalId, "NI number AB 12 34 56 C is on the form" },
        { SafetyRules.SecretToken, "Our key is sk-proj-abcdefghijklmnopqrstuvwx123 oops" },
        { SafetyRules.SecretToken, "Found AKIA" + "IOSFODNN7EXAMPLE in a log file" /* AWS's documented example key, split so scanners don't take it for a real one */ },
        { SafetyRules.SecretToken, "Token ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked" },
        { SafetyRules.SecretToken, "Auth eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U here" },
        { SafetyRules.UrlCredentials, "See https://admin:hunter2@example.com/panel now" },
        { SafetyRules.UrlCredentials, "Connect with postgres://app:s3cret@db.internal:5432/app today" },
        { SafetyRules.Violence, "We should kill all immigrants now" },
        { SafetyRules.Violence, "Death to the liberals, every one" },
        { SafetyRules.Violence, "Refugees must die, says the post" },
        { SafetyRules.CapsRun, "THIS IS ABSOLUTELY THE WORST DAY EVER" },
        { SafetyRules.RepeatedCharacter, "Sooooooo good to see you all" },
        { SafetyRules.RepeatedCharacter, "😂😂😂😂😂😂 what a day it was" },
        { SafetyRules.PunctuationRun, "What is going on here?!?!" },
        { SafetyRules.PunctuationRun, "Amazing news today!!!!" },
        { SafetyRules.SelfPromotion, "Follow for follow, let's grow together" },
        { SafetyRules.SelfPromotion, "f4f anyone? Let's go team" },
        { SafetyRules.SelfPromotion, "DM me for the details on this" },
        { SafetyRules.SelfPromotion, "Full story and more: link in bio" },
    };

    public static TheoryData<string, string> Passing => new()
    {
        { SafetyRules.Length, "A normal post about testing." },
        { SafetyRules.Length, "日本語のテスト" }, // 7 CJK characters weigh 14
        { SafetyRules.Hashtags, "Three tags #one #two #three are fine" },
        { SafetyRules.Spam, "Free software is money well spent" },
        { SafetyRules.Spam, "The airdropped parcel arrived safely" },
        { SafetyRules.Email, "Ping @jane about the release notes" },
        { SafetyRules.Phone, "The release of 2024-01-15 shipped 3 fixes" },
        { SafetyRules.Phone, "We served 1,000,000 requests today" },
        { SafetyRules.Phone, "Server 192.168.100.200 is healthy again" },
        { SafetyRules.CardNumber, "Order 4111 1111 1111 1112 has shipped" },
        { SafetyRules.NationalId, "Ticket 123-45 is closed now" },
        { SafetyRules.SecretToken, "Read the DocumentationForBeginnersAndExpertsAlike guide" },
        { SafetyRules.SecretToken, "Day 12 of #100DaysOfCodeChallenge2024EditionForAll" },
        { SafetyRules.UrlCredentials, "See https://example.com/user/profile now" },
        { SafetyRules.SecretToken, "Commit 3f786850e387550fdab836ed7e6dc881de23001b broke it" },
        { SafetyRules.Violence, "Kill all the bugs in your code today" },
        { SafetyRules.Violence, "Immigrants must be welcomed here" },
        { SafetyRules.CapsRun, "NASA and ESA launched a probe today" },
        { SafetyRules.CapsRun, "BREAKING: the new release is out" },
        { SafetyRules.RepeatedCharacter, "We served 1000000 requests this week" },
        { SafetyRules.RepeatedCharacter, "So good to see you all again" },
        { SafetyRules.RepeatedCharacter, "Read https://example.com/aaaaaaaaaa today" },
        { SafetyRules.PunctuationRun, "Really?! Yes, really!!" },
        { SafetyRules.SelfPromotion, "Follow the instructions in the docs" },
        { SafetyRules.SelfPromotion, "Let me know what you think in the replies" },
    };

    [Theory]
    [MemberData(nameof(Breaking))]
    public void A_text_breaking_a_rule_is_refused_with_that_reason(string rule, string text)
    {
        var verdict = Check(text);

        Assert.Contains(verdict.Reasons, r => r.Rule == rule);
        Assert.False(verdict.Allowed);
    }

    [Theory]
    [MemberData(nameof(Passing))]
    public void A_clean_text_passes_the_whole_guard(string rule, string text)
    {
        var verdict = Check(text);

        Assert.DoesNotContain(verdict.Reasons, r => r.Rule == rule);
        Assert.Empty(verdict.Reasons);
        Assert.True(verdict.Allowed);
        Assert.Equal(RiskLevel.Low, verdict.Risk);
    }

    [Fact]
    public void Details_never_repeat_personal_data_or_secrets()
    {
        var verdict = Check("Mail jane.doe@example.com, card 4111 1111 1111 1111, key AKIA" + "IOSFODNN7EXAMPLE, https://admin:hunter2@example.com/");

        var details = string.Join(" | ", verdict.Reasons.Select(r => r.Detail));
        Assert.DoesNotContain("jane.doe", details);
        Assert.DoesNotContain("4111 1111", details);
        Assert.DoesNotContain("IOSFODNN7EXAMPLE", details);
        Assert.DoesNotContain("hunter2", details);
    }

    internal static SafetyVerdict Check(string text, SafetyRuleSet? rules = null, int maxHashtags = 3) =>
        SafetyGuard.Evaluate(text, maxHashtags, rules ?? SafetyRuleSet.Default, ModerationOutcome.Disabled);
}
