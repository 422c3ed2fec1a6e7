using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XBot.Core.Learning;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using XBot.Tests.Storage;

namespace XBot.Tests.Learning;

/// <summary>The learning cycle against real PostgreSQL and Redis: the §9 reward, each post counted once, arms rebuilt from posts.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class LearningCycleTests(InfrastructureFixture infrastructure)
{
    private static readonly Dictionary<string, string?> NoDecay = new() { ["Learning:HalfLife"] = "00:00:00" };

    [Fact]
    public async Task Each_published_post_updates_its_arms_exactly_once_with_the_fractional_reward()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock, NoDecay);
        var now = clock.GetUtcNow();
        // Rates 0.02, 0.03, 0.06: the 7-day median is 0.03, so the rewards are 0.4, 0.5 and 2/3.
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-5), 0.02);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-4), 0.03);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-3), 0.06);
        // Never published: must never feed the bandit, whatever its columns say.
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", now.AddHours(-3), 0.5, status: "shadowed");
        var cycle = worker.Get<LearningCycle>();

        var first = await cycle.RunOnceAsync(CancellationToken.None);
        var second = await cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal((3, 0.03, 3), (first.PostsProcessed, first.Baseline, first.BaselinePosts));
        Assert.Equal(0, second.PostsProcessed);
        var arms = await worker.Get<ArmStore>().LoadAsync(CancellationToken.None);
        var topic = arms[new ArmKey(ArmKey.Topic, "ai")];
        Assert.Equal(1 + 0.4 + 0.5 + 2.0 / 3, topic.Alpha, 9);
        Assert.Equal(1 + 0.6 + 0.5 + 1.0 / 3, topic.Beta, 9);
        Assert.Equal(3L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE learning_processed_at IS NOT NULL"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status = 'shadowed' AND learning_processed_at IS NOT NULL"));
        Assert.Equal("3,0", await scope.ScalarAsync<string>(
            "SELECT string_agg(event_data ->> 'postsProcessed', ',' ORDER BY id) FROM audit_log WHERE event_type = 'LEARNING_CYCLE_COMPLETE'"));
    }

    [Fact]
    public async Task Cycles_running_at_once_count_each_post_once_and_keep_each_others_arm_updates()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        // Ten posts per cycle: four cycles share the forty posts, and all of them create the same new arms.
        await using var worker = await PipelineHost.StartAsync(scope, clock, new Dictionary<string, string?>(NoDecay) { ["Learning:MaxPostsPerCycle"] = "10" });
        for (var i = 0; i < 40; i++)
        {
            await LearningTestData.InsertPostAsync(scope.Postgres, $"t{i % 4}", clock.GetUtcNow().AddMinutes(-10 * i - 200), 0.01 + i * 0.001);
        }

        var summaries = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => worker.Get<LearningCycle>().RunOnceAsync(CancellationToken.None)));

        Assert.Equal([10, 10, 10, 10], summaries.Select(s => s.PostsProcessed));
        var arms = await worker.Get<ArmStore>().LoadAsync(CancellationToken.None);
        Assert.Equal(40, arms.Values.Where(a => a.Key.Dimension == ArmKey.Topic).Sum(a => a.Pulls), 9);
    }

    [Fact]
    public async Task Without_history_the_baseline_is_0_03_and_the_arms_can_be_rebuilt_from_the_posts()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        // Older than the 7-day window: counted, but not part of the baseline.
        await LearningTestData.InsertPostAsync(scope.Postgres, "ops", clock.GetUtcNow().AddDays(-9), 0.09);
        await LearningTestData.InsertPostAsync(scope.Postgres, "db", clock.GetUtcNow().AddDays(-8), 0.01);
        var summary = await worker.Get<LearningCycle>().RunOnceAsync(CancellationToken.None);
        var store = worker.Get<ArmStore>();
        var before = await store.LoadAsync(CancellationToken.None);

        await scope.ScalarAsync<int?>("DELETE FROM bandit_arms");
        var rebuilt = await worker.Get<LearningCycle>().RebuildAsync(CancellationToken.None);
        var after = await store.LoadAsync(CancellationToken.None);

        Assert.Equal((0.03, "default (no history)"), (summary.Baseline, summary.BaselineSource));
        Assert.Equal(0.75, (await scope.ScalarAsync<double>("SELECT reward FROM tweets WHERE topic = 'ops'")), 9);
        Assert.Equal(before.Count, rebuilt);
        foreach (var (key, arm) in before)
        {
            Assert.Equal(arm.Alpha, after[key].Alpha, 9);
            Assert.Equal(arm.Beta, after[key].Beta, 9);
            Assert.Equal(arm.RewardSquares!.Value, after[key].RewardSquares!.Value, 9);
        }
    }

    [Fact]
    public async Task The_Redis_cache_serves_the_arms_and_is_dropped_when_a_cycle_changes_them()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock, NoDecay);
        await worker.Store.RebuildRedisAsync("test");
        await Deadline.UntilAsync(() => worker.Store.Status.Mode == XBot.Core.Storage.Fallback.StoreMode.Normal, "the store did not reach normal mode");
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", clock.GetUtcNow().AddHours(-3), 0.03);
        await worker.Get<LearningCycle>().RunOnceAsync(CancellationToken.None);
        var store = worker.Get<ArmStore>();
        await store.LoadAsync(CancellationToken.None);
        var redis = worker.Get<StackExchange.Redis.IConnectionMultiplexer>().GetDatabase();
        var key = $"{scope.Prefix}bandit:development:all";

        var cached = await redis.HashLengthAsync(key);
        await LearningTestData.InsertPostAsync(scope.Postgres, "ai", clock.GetUtcNow().AddHours(-2), 0.03);
        await worker.Get<LearningCycle>().RunOnceAsync(CancellationToken.None);
        var afterCycle = await redis.KeyExistsAsync(key);
        var arms = await store.LoadAsync(CancellationToken.None);

        var fromCache = await store.LoadAsync(CancellationToken.None);

        Assert.Equal(3, cached);
        Assert.False(afterCycle);
        Assert.Equal(2, arms[new ArmKey(ArmKey.Topic, "ai")].Pulls, 9);
        // Both rewards were 0.5 (the rate at the 0.03 baseline): Σ r² = 0.5, from PostgreSQL and from the cache alike.
        Assert.Equal(0.5, arms[new ArmKey(ArmKey.Topic, "ai")].RewardSquares!.Value, 9);
        Assert.Equal(0.5, fromCache[new ArmKey(ArmKey.Topic, "ai")].RewardSquares!.Value, 9);
    }
}
