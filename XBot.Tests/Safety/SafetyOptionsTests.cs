using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using XBot.Core.Safety;
using XBot.Core.Safety.Moderation;

namespace XBot.Tests.Safety;

/// <summary>The <c>Safety</c> section is checked at start-up: a bad value stops the host and names its key.</summary>
public class SafetyOptionsTests
{
    [Fact]
    public async Task The_defaults_start()
    {
        using var host = BuildHost([]);
        await host.StartAsync();

        var guard = host.Services.GetRequiredService<SafetyGuard>();
        Assert.IsType<DisabledContentModerator>(host.Services.GetRequiredService<IContentModerator>());
        var verdict = await guard.CheckAsync("A perfectly ordinary post about testing.", 3, CancellationToken.None);
        Assert.True(verdict.Allowed);
        Assert.Equal(ModerationStatus.Disabled, verdict.Moderation);
        await host.StopAsync();
    }

    [Theory]
    [InlineData("Safety:SelfPromotionPatterns:0", "([unclosed", "Safety:SelfPromotionPatterns:0 is not a valid regular expression")]
    [InlineData("Safety:ViolencePatterns:0", "kill (?<", "Safety:ViolencePatterns:0 is not a valid regular expression")]
    [InlineData("Safety:SecretPatterns:1", "[z-a]", "Safety:SecretPatterns:1 is not a valid regular expression")]
    [InlineData("Safety:SpamPhrases:0", " ", "Safety:SpamPhrases:0 is empty")]
    [InlineData("Safety:DisabledRules:0", "spelling", "Safety:DisabledRules:0 is 'spelling', which is no rule")]
    [InlineData("Safety:DisabledRules:0", "length", "Safety:DisabledRules:0 is 'length', which can't be disabled")]
    [InlineData("Safety:RuleRisks:shouting", "Low", "Safety:RuleRisks:shouting names no rule")]
    [InlineData("Safety:CapsRunMinLetters", "2", "Safety:CapsRunMinLetters is 2; use a whole number from 5 to 280")]
    [InlineData("Safety:BlockAt", "Low", "Safety:BlockAt is Low")]
    [InlineData("Safety:Moderation:Timeout", "00:00:00", "Safety:Moderation:Timeout is 00:00:00")]
    [InlineData("OPENAI_BASE_URL", "not a url", "OPENAI_BASE_URL is 'not a url'")]
    public async Task A_bad_value_is_refused_at_start_up_naming_the_key(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?> { [key] = value };
        if (key == "Safety:SecretPatterns:1")
        {
            settings["Safety:SecretPatterns:0"] = @"\bAKIA[0-9A-Z]{16}\b";
        }
        using var host = BuildHost(settings);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync());

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void A_configured_list_replaces_the_default_and_an_empty_one_must_be_switched_off()
    {
        var custom = SafetyRuleSet.Build(new SafetyOptions { SpamPhrases = ["buy followers"] });
        Assert.Single(custom.SpamPhrases);
        Assert.NotEmpty(SafetyRuleTests.Check("Buy followers cheap, it works", custom).Reasons);
        Assert.Empty(SafetyRuleTests.Check("Claim your prize before the weekend ends", custom).Reasons);

        Assert.Null(SafetyRuleSet.TryBuild(new SafetyOptions { SpamPhrases = [] }, out var errors));
        Assert.Contains(errors, e => e.StartsWith("Safety:SpamPhrases is empty", StringComparison.Ordinal));

        var off = SafetyRuleSet.Build(new SafetyOptions { SpamPhrases = [], DisabledRules = [SafetyRules.Spam] });
        Assert.Empty(off.SpamPhrases);
    }

    [Fact]
    public void Violence_targets_are_configuration_too()
    {
        var rules = SafetyRuleSet.Build(new SafetyOptions { ViolenceTargets = ["goblins"] });

        Assert.Contains(SafetyRuleTests.Check("We should kill all goblins now", rules).Reasons, r => r.Rule == SafetyRules.Violence);
        Assert.DoesNotContain(SafetyRuleTests.Check("We should kill all immigrants now", rules).Reasons, r => r.Rule == SafetyRules.Violence);
    }

    internal static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Development", DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSafety(builder.Configuration);
        return builder.Build();
    }
}
