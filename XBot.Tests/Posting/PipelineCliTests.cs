using XBot.Core.Storage.Tweets;
using System.Text.Json.Nodes;
using XBot.Core.Posting.Lifecycle;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Posting;

[Collection(InfrastructureCollection.Name)]
public sealed class PipelineCliTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Candidates_refresh_prints_its_counts_and_queues_durably()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);

        var result = await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(result.Stdout)!;
        var queued = report["queued"]!.GetValue<int>();
        Assert.True(queued > 0);
        Assert.Equal(report["generated"]!.GetValue<int>(), queued + report["duplicates"]!.GetValue<int>() + report["refused"]!.GetValue<int>() + report["unchecked"]!.GetValue<int>());
        Assert.Equal(queued, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status = 'queued'"));
        Assert.NotEmpty(report["topTopics"]!.AsArray());
    }

    [Fact]
    public async Task Candidates_refresh_refuses_production_with_live_posts_and_changes_nothing()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);

        var result = await CliRunner.RunAsync(scope.Settings(new Dictionary<string, string?>
        {
            ["APP_ENV"] = "production",
            ["LIVE_POSTS"] = "true",
            ["TWITTER_API_KEY"] = "k",
            ["TWITTER_API_SECRET"] = "s",
            ["TWITTER_ACCESS_TOKEN"] = "t",
            ["TWITTER_ACCESS_TOKEN_SECRET"] = "ts",
        }), "candidates", "refresh");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refuses to run in production while LIVE_POSTS=true", result.Stderr);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Fact]
    public async Task Candidates_clear_empties_the_queue_and_schedule_test_then_finds_nothing()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh")).ExitCode);

        var clear = await CliRunner.RunAsync(scope.Settings(), "candidates", "clear", "--actor", "oncall");
        var cycle = await CliRunner.RunAsync(scope.Settings(), "schedule", "test");

        Assert.Equal(0, clear.ExitCode);
        Assert.Contains("cleared", clear.Stdout);
        Assert.Equal(0L, await scope.ScalarAsync<long>($"SELECT count(*) FROM tweets WHERE status = '{TweetStatus.Queued}'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CANDIDATES_CLEARED'"));
        Assert.Equal(0, cycle.ExitCode);
        Assert.Contains("Skipped", cycle.Stdout);
    }

    [Fact]
    public async Task FEATURE_FLAG_POSTING_false_stops_posting_without_touching_the_database_flags()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh")).ExitCode);

        var off = await CliRunner.RunAsync(scope.Settings(new Dictionary<string, string?> { ["FEATURE_FLAG_POSTING"] = "false" }), "schedule", "test");
        var bad = await CliRunner.RunAsync(scope.Settings(new Dictionary<string, string?> { ["FEATURE_FLAG_POSTING"] = "nope" }), "schedule", "test");

        Assert.Equal(0, off.ExitCode);
        Assert.Contains("the posting feature flag is off", off.Stdout);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("FEATURE_FLAG_POSTING is 'nope'; use true or false.", bad.Stderr);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key = 'feature_flags'"));
    }
}
