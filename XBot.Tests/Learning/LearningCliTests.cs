using System.Text.Json.Nodes;
using StackExchange.Redis;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Learning;

[Collection(InfrastructureCollection.Name)]
public sealed class LearningCliTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Learning_test_runs_one_cycle_and_prints_its_summary()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", DateTimeOffset.UtcNow.AddHours(-3), 0.06);

        var text = await CliRunner.RunAsync(scope.Settings(), "learning", "test");
        var json = await CliRunner.RunAsync(scope.Settings(), "learning", "test", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("engagement collection: skipped (no X credentials)", text.Stdout);
        Assert.Contains("learning cycle: 1 posts processed, 3 arms updated, baseline 0.0600", text.Stdout);
        Assert.Contains("topic:ai", text.Stdout);
        var summary = JsonNode.Parse(json.Stdout)!["summary"]!;
        Assert.Equal(0, summary["postsProcessed"]!.GetValue<int>());
        Assert.Equal(2L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'LEARNING_CYCLE_COMPLETE'"));
    }

    [Fact]
    public async Task Learning_rebuild_restores_the_arms_from_the_posts()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", DateTimeOffset.UtcNow.AddHours(-3), 0.06);
        await CliRunner.RunAsync(scope.Settings(), "learning", "test");
        await scope.ScalarAsync<int?>("DELETE FROM bandit_arms");
        // A stale cache the rebuild must drop, or workers would keep reading it until it expires.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(scope.Redis);
        var cache = (RedisKey)$"{scope.Prefix}bandit:development:all";
        await redis.GetDatabase().HashSetAsync(cache, "topic:stale", "1|1|0|");

        var result = await CliRunner.RunAsync(scope.Settings(), "learning", "rebuild");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("rebuilt 3 arms from the posts", result.Stdout);
        Assert.Equal(3L, await scope.ScalarAsync<long>("SELECT count(*) FROM bandit_arms"));
        Assert.False(await redis.GetDatabase().KeyExistsAsync(cache));
    }

    [Fact]
    public async Task Learning_benchmark_prints_both_settings_with_the_command_that_reproduces_them()
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string?>(), "learning", "benchmark", "--horizon", "1000", "--runs", "1", "--days", "2", "--seed", "7");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("learning benchmark --seed 7 --horizon 1000 --runs 1 --days 2", result.Stdout);
        Assert.Contains("**Bernoulli K=10, best 0.5, others 0.4**", result.Stdout);
        Assert.Contains("| 1,000 |", result.Stdout);
        Assert.Contains("**topic × hour, 2 days", result.Stdout);
    }

    [Theory]
    [InlineData("--horizon", "999", "--horizon must be a whole number from 1000 to 10000000; got 999.")]
    [InlineData("--horizon", "10000001", "--horizon must be a whole number from 1000 to 10000000; got 10000001.")]
    [InlineData("--runs", "0", "--runs must be a whole number from 1 to 100; got 0.")]
    [InlineData("--days", "3651", "--days must be a whole number from 2 to 3650; got 3651.")]
    public async Task Learning_benchmark_refuses_a_size_out_of_range_naming_it(string option, string value, string error)
    {
        var result = await CliRunner.RunAsync(new Dictionary<string, string?>(), "learning", "benchmark", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(error, result.Stderr);
        Assert.Equal("", result.Stdout);
    }
}
