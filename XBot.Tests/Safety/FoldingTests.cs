using XBot.Core.Safety;

namespace XBot.Tests.Safety;

/// <summary>
/// The cases independent testing found: texts that hid a rule's match behind Unicode, leetspeak or
/// separators (now refused, the verdict quoting the text as written), and texts taken for personal data
/// or secrets that are neither (now allowed).
/// </summary>
public sealed class FoldingTests
{
    public static TheoryData<string, string> Hidden => new()
    {
        { SafetyRules.Spam, "Get free mo\u200Dney today, friends" },            // ZWJ
        { SafetyRules.Spam, "Get free mo\u200Cney today, friends" },            // ZWNJ
        { SafetyRules.Spam, "Get free mo\u2062ney today, friends" },            // invisible times
        { SafetyRules.Spam, "Get free mo\u034Fney today, friends" },            // combining grapheme joiner
        { SafetyRules.Spam, "Get free mo\uFE0Fney today, friends" },            // variation selector 16
        { SafetyRules.Spam, "Get fre\u0301e money today, friends" },            // a combining accent
        { SafetyRules.SelfPromotion, "follow\u200Dfor\u200Dfollow, let's grow together" },
        { SafetyRules.Spam, "Hurry and cl\u0430im your prize tonight" },        // Cyrillic а
        { SafetyRules.Spam, "Hurry and СLАIМ YОUR PRIZЕ tonight" },             // Cyrillic capitals
        { SafetyRules.Spam, "Hurry and \u13DF\u13DE\u13AA\u13A5\u13B7 your prize tonight" }, // Cherokee ᏟᏞᎪᎥᎷ
        { SafetyRules.Spam, "Hurry and \uA4DA\uA4E1\uA4EE\uA4F2\uA4DF your prize tonight" }, // Lisu ꓚꓡꓮꓲꓟ
        { SafetyRules.Spam, "Get \uA4DDree m\u2C9Eney right now, friends" },   // Lisu ꓝ, Coptic Ⲟ
        { SafetyRules.Email, "Write to jane.doe＠example.com for details" },    // full-width at sign
        { SafetyRules.CardNumber, "Card ４１１１ １１１１ １１１１ １１１１ works" }, // full-width digits
        { SafetyRules.Spam, "Get f.r.e.e m.o.n.e.y right now, friends" },
        { SafetyRules.Spam, "Get fr33 m0ney right now, friends" },
        { SafetyRules.Spam, "Get free-money right now, friends" },
        { SafetyRules.Spam, "Get freemoney right now, friends" },
        { SafetyRules.Spam, "Get f r e e money right now, friends" },
        { SafetyRules.Email, "Write to jane.doe [at] example [dot] com for details" },
        { SafetyRules.Email, "Write to jane.doe (at) example (dot) com for details" },
        { SafetyRules.Spam, "¡Dinero fácil desde casa, sin esfuerzo!" },
        { SafetyRules.Spam, "Reclama tu premio antes del viernes" },
        { SafetyRules.Spam, "点击领取您的奖品，名额有限" },
        { SafetyRules.Spam, "恭喜您中奖了！请尽快联系我们" },
        { SafetyRules.Spam, "Бесплатные деньги для всех подписчиков" },
        { SafetyRules.Spam, "Поздравляем, вы выиграли iPhone" },
        { SafetyRules.Spam, "БЕСПЛАТНЫЕ ДЕНЬГИ ДЛЯ ВСЕХ ПОДПИСЧИКОВ" },             // the list is lower case
    };

    public static TheoryData<string, string> Innocent => new()
    {
        { SafetyRules.Phone, "Prices today: 9.99 19.99 29.99 for the three plans" },
        { SafetyRules.Phone, "Seats 120 340 560 are still free for the talk" },
        { SafetyRules.Phone, "Build 2024.05.17.1234 is rolling out now" },
        { SafetyRules.Phone, "Read ISBN 978-3-16-148410-0 before the meetup" },
        { SafetyRules.Phone, "Count along: 1 2 3 4 5 6 7 8 9 and done" },
        { SafetyRules.Phone, "Parcel 1Z999AA10123456784 left the depot today" },
        { SafetyRules.Phone, "Tracking number 9400 1000 0000 0000 0000 00 is in transit" },
        { SafetyRules.SecretToken, "Fixed in 3f786850e387550fdab836ed7e6dc881de23001b, thanks all" },
        { SafetyRules.SecretToken, "Request 3f2504e0-4f89-11d3-9a0c-0305e82c3301 failed; retrying" },
        { SafetyRules.Email, "Files are at https://user@files.example.com/x for the team" },
    };

    [Theory]
    [MemberData(nameof(Hidden))]
    public void A_hidden_match_is_found_and_quoted_as_written(string rule, string text)
    {
        var verdict = SafetyRuleTests.Check(text);

        var reason = Assert.Single(verdict.Reasons, r => r.Rule == rule);
        Assert.False(verdict.Allowed);
        if (rule is SafetyRules.Spam or SafetyRules.SelfPromotion)
        {
            // The quote is a piece of the text as written (normalised to NFC), invisible characters and all.
            var quoted = reason.Detail.Split('"')[^2];
            Assert.Contains(quoted, text.Normalize(), StringComparison.OrdinalIgnoreCase);
        }
    }

    [Theory]
    [MemberData(nameof(Innocent))]
    public void An_innocent_text_is_not_taken_for_personal_data_or_a_secret(string rule, string text)
    {
        var verdict = SafetyRuleTests.Check(text);

        Assert.DoesNotContain(verdict.Reasons, r => r.Rule == rule);
        Assert.True(verdict.Allowed, string.Join("; ", verdict.Reasons.Select(r => $"{r.Rule}: {r.Detail}")));
    }

    [Fact]
    public void Credentials_in_a_url_are_reported_once()
    {
        var verdict = SafetyRuleTests.Check("Connect with https://admin:hunter2@example.com/panel today");

        var reason = Assert.Single(verdict.Reasons);
        Assert.Equal(SafetyRules.UrlCredentials, reason.Rule);
    }

    [Fact]
    public void A_spam_finding_names_the_phrase_and_quotes_the_disguise()
    {
        var verdict = SafetyRuleTests.Check("Get fr33 m0ney right now, friends");

        Assert.Equal("spam or scam phrase \"free money\" written as \"fr33 m0ney\"", Assert.Single(verdict.Reasons).Detail);
    }

    [Fact]
    public void An_unknown_phone_region_is_a_configuration_error()
    {
        SafetyRuleSet.TryBuild(new SafetyOptions { PhoneRegion = "XX" }, out var errors);

        Assert.Contains(errors, e => e.Contains("Safety:PhoneRegion", StringComparison.Ordinal));
    }
}
