using System.Text.RegularExpressions;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Api;

[Collection(InfrastructureCollection.Name)]
public sealed class ConfigCliTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Config_set_changes_a_key_audited_and_config_get_shows_it()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var set = await CliRunner.RunAsync(scope.Settings(), "config", "set", "post_interval_min", "90", "--actor", "dave");
        var get = await CliRunner.RunAsync(scope.Settings(), "config", "get", "post_interval_min");
        var all = await CliRunner.RunAsync(scope.Settings(), "config", "get");

        Assert.True(set.ExitCode == 0, set.ToString());
        Assert.Contains("post_interval_min: unset -> 90", set.Stdout);
        Assert.Matches(@"post_interval_min\s+90\s+\(database; a whole number from 15 to 180\)", get.Stdout);
        Assert.Contains("quiet_hours", all.Stdout);
        Assert.Equal("dave||90", await scope.ScalarAsync<string>(
            "SELECT concat_ws('|', event_data->>'actor', coalesce(event_data->>'old', ''), event_data->>'new') FROM audit_log WHERE event_type = 'CONFIG_CHANGED'"));
    }

    [Theory]
    [InlineData("post_fraction", "1.5", "a number from 0.0 to 1.0")]
    [InlineData("max_hashtags", "nine", "is not a JSON value")]
    [InlineData("nope", "1", "Unknown config key 'nope'")]
    public async Task Config_set_refuses_bad_input_with_exit_2_and_changes_nothing(string key, string value, string message)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var result = await CliRunner.RunAsync(scope.Settings(), "config", "set", key, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr + result.Stdout);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE environment = 'development'"));
    }

    [Fact]
    public async Task Flags_off_switches_everything_off_in_one_call()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var off = await CliRunner.RunAsync(scope.Settings(), "flags", "off");
        var list = await CliRunner.RunAsync(scope.Settings(), "flags", "list");

        Assert.True(off.ExitCode == 0, off.ToString());
        Assert.DoesNotContain(" on ", list.Stdout);
        Assert.Matches(@"posting\s+off\s+0%\s+database", list.Stdout);
        Assert.Equal("0", await scope.ScalarAsync<string>("SELECT value::text FROM bot_config WHERE key = 'post_fraction' AND environment = 'development'"));
    }

    [Fact]
    public async Task Health_prints_exactly_the_one_liner()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var result = await CliRunner.RunAsync(scope.Settings(), "health");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Matches(new Regex(@"^\[\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ\] xBOT Health: HEALTHY \| Redis:✅ \| DB:✅ \| Queue:0 \| Bandits:0 \| LastPost:none \| Posts/h:0$"), result.Stdout.TrimEnd('\r', '\n'));
    }
}
