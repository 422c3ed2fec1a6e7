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
}
