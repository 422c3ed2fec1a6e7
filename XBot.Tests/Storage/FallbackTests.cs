using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using XBot.AppHost.Resources;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

[Collection(InfrastructureCollection.Name)]
public sealed class FallbackTests(InfrastructureFixture fixture)
{
    private static readonly RateLimitRule Busy = new("busy", 100_000, TimeSpan.FromHours(1));

    [Fact]
    public async Task Killing_redis_mid_writes_loses_nothing_and_the_store_recovers_by_itself()
    {
        var builder = AspireTestExtensions.CreateResourceBuilder();
        builder.AddRedisServer("cache");
        await using var redisApp = await builder.BuildAsync();
        await redisApp.StartAsync();
        await redisApp.WaitForHealthyAsync(["cache"], Deadline.Minutes(2));

        await using var scope = await StoreScope.CreateAsync(fixture, redis: await redisApp.GetConnectionStringAsync("cache") + ",connectTimeout=1000");
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        var store = host.Store;

        var stored = 0;
        var admitted = 0;
        var failures = new List<string>();
        var modesSeen = new HashSet<StoreMode>();
        using var stop = new CancellationTokenSource();
        var writer = Task.Run(async () =>
        {
            for (var i = 0; !stop.IsCancellationRequested; i++)
            {
                try
                {
                    var result = await store.StoreTweetAsync(new NewTweet($"Post number {i}", TweetStatus.Shadowed, PostedAt: DateTimeOffset.UtcNow));
                    if (result.Outcome != StoreTweetOutcome.Stored)
                    {
                        failures.Add($"post {i}: {result.Outcome}");
                    }
                    Interlocked.Increment(ref stored);
                    var decision = await store.CheckRateLimitAsync([Busy]);
                    if (!decision.Allowed)
                    {
                        failures.Add($"check {i}: refused by {decision.Source} {decision.Error}");
                    }
                    Interlocked.Increment(ref admitted);
                    lock (modesSeen)
                    {
                        modesSeen.Add(store.Status.Mode);
                    }
                }
                catch (Exception ex)
                {
                    failures.Add($"write {i}: {ex.GetType().Name}: {ex.Message}");
                }
            }
        });

        async Task WritesGoOn(string phase)
        {
            var target = Volatile.Read(ref stored) + 20;
            await Deadline.UntilAsync(() => Volatile.Read(ref stored) >= target || writer.IsCompleted, $"writes stalled {phase}");
            Assert.False(writer.IsCompleted, $"the writer stopped {phase}");
        }

        await WritesGoOn("before the kill");
        var stopped = await redisApp.ExecuteCommandAsync("cache", KnownResourceCommands.StopCommand, Deadline.Minutes(1));
        Assert.True(stopped.Success, stopped.Message);
        await Deadline.UntilAsync(() => store.Status.Mode == StoreMode.Fallback, "the store did not switch to fallback");
        Assert.Equal(FallbackReason.RedisFailure, store.Status.Reason);
        await WritesGoOn("in fallback");
        await Deadline.UntilAsync(() => scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_ACTIVATED' AND severity = 'warning'").Result >= 1,
            "no WARNING alert for the switch");

        var started = await redisApp.ExecuteCommandAsync("cache", KnownResourceCommands.StartCommand, Deadline.Minutes(1));
        Assert.True(started.Success, started.Message);
        await Deadline.UntilAsync(() => store.Status.Mode == StoreMode.Normal, "the store did not return to normal");
        await WritesGoOn("after recovery");
        stop.Cancel();
        await writer;

        Assert.Empty(failures);
        Assert.Contains(StoreMode.Fallback, modesSeen);
        // Nothing lost: every post and every admitted check is in PostgreSQL.
        Assert.Equal((long)stored, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
        Assert.Equal((long)admitted, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events WHERE limit_key = 'busy'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_ACTIVATED' AND severity = 'warning'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_DEACTIVATED' AND severity = 'info'"));

        await host.Get<SyncDrainer>().DrainAsync(default);
        var audit = await store.AuditConsistencyAsync(repair: false, "test");
        Assert.True(audit.RedisWarm);
        Assert.Equal(0, audit.DriftPercent);
        Assert.Equal(stored, audit.Areas.Single(a => a.Area == "dedup").Compared);
        var peek = await store.PeekRateLimitAsync([Busy]);
        Assert.Equal(RateLimitSource.Redis, peek.Source);
        Assert.Equal(admitted, peek.Limits[0].Count);
    }

    [Fact]
    public async Task Manual_fallback_is_followed_by_every_process_and_survives_restarts()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var first = await scope.StartAsync();
        await using var second = await scope.StartAsync();
        await first.WarmAsync();
        await second.WarmAsync();
        await second.Store.CheckRateLimitAsync([Busy]);

        var enabled = await first.Store.EnableFallbackAsync("alice", "Redis latency spikes");

        Assert.True(enabled.Manual.Enabled);
        Assert.Equal(StoreMode.Fallback, first.Store.Status.Mode);
        await Deadline.UntilAsync(() => second.Store.Status is { Mode: StoreMode.Fallback, Reason: FallbackReason.Manual }, "the second process did not follow");
        Assert.Equal(RateLimitSource.Postgres, (await second.Store.CheckRateLimitAsync([Busy])).Source);
        Assert.Equal("postgres", (await second.Store.CheckDuplicateAsync("anything new")).Source);
        await using (var restarted = await scope.StartAsync())
        {
            Assert.Equal(RateLimitSource.Postgres, (await restarted.Store.PeekRateLimitAsync([Busy])).Source);
            Assert.Equal(StoreMode.Fallback, restarted.Store.Status.Mode);
        }
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_MANUAL_ENABLED' AND event_data->>'actor' = 'alice'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_ACTIVATED' AND severity = 'warning'"));

        await first.Store.DisableFallbackAsync("bob");

        await Deadline.UntilAsync(() => first.Store.Status.Mode == StoreMode.Normal && second.Store.Status.Mode == StoreMode.Normal, "the processes did not return to Redis");
        // The check made in fallback was rebuilt into Redis: counts agree.
        var peek = await second.Store.PeekRateLimitAsync([Busy]);
        Assert.Equal(RateLimitSource.Redis, peek.Source);
        Assert.Equal(2, peek.Limits[0].Count);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_MANUAL_DISABLED' AND event_data->>'actor' = 'bob'"));
    }

    [Fact]
    public async Task A_redis_that_lost_its_data_is_not_trusted_until_rebuilt()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        for (var i = 0; i < 3; i++)
        {
            await host.Store.CheckRateLimitAsync([new RateLimitRule("cold", 3, TimeSpan.FromHours(1))]);
        }
        var posted = await host.Store.StoreTweetAsync(new NewTweet("Remember me"));

        var rewarmsBefore = await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'REDIS_REWARMED'");

        // As after a Redis restart: every key of the prefix is gone.
        var gate = host.Get<RedisGate>();
        await gate.ExecuteAsync(async db => await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, gate.Keys.AllPattern, default)), default);

        var check = await host.Store.CheckRateLimitAsync([new RateLimitRule("cold", 3, TimeSpan.FromHours(1))]);
        Assert.False(check.Allowed);
        Assert.Equal(RateLimitSource.Postgres, check.Source);
        await Deadline.UntilAsync(() => host.Store.Status.Mode == StoreMode.Normal, "the store did not rebuild Redis");
        var dedup = await host.Store.CheckDuplicateAsync("Remember me");
        Assert.Equal((DuplicateVerdict.Duplicate, "redis", posted.TweetId), (dedup.Verdict, dedup.Source, dedup.MatchingTweetId));
        Assert.False((await host.Store.CheckRateLimitAsync([new RateLimitRule("cold", 3, TimeSpan.FromHours(1))])).Allowed);
        Assert.Equal(rewarmsBefore + 1, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'REDIS_REWARMED'"));
    }

    [Fact]
    public async Task USE_REDIS_false_never_touches_redis()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(new Dictionary<string, string?> { ["USE_REDIS"] = "false" });

        await host.Store.StoreTweetAsync(new NewTweet("Only PostgreSQL"));
        var check = await host.Store.CheckRateLimitAsync([Busy]);
        var dedup = await host.Store.CheckDuplicateAsync("Only PostgreSQL");
        await host.Store.SetConfigAsync("epsilon", System.Text.Json.Nodes.JsonValue.Create(0.4), "test");

        Assert.Equal((StoreMode.Fallback, FallbackReason.RedisDisabled), (host.Store.Status.Mode, host.Store.Status.Reason));
        Assert.Equal(RateLimitSource.Postgres, check.Source);
        Assert.Equal((DuplicateVerdict.Duplicate, "postgres"), (dedup.Verdict, dedup.Source));
        Assert.Equal(0.4, (await host.Store.GetBotConfigAsync()).Epsilon);
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(scope.Redis);
        Assert.Empty(await RedisScanner.ScanAsync(redis.GetDatabase(), new RedisKeys(scope.Prefix).AllPattern, default));
    }

    [Fact]
    public async Task Per_feature_switches_route_one_feature_to_postgres()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(new Dictionary<string, string?> { ["REDIS_RATE_LIMITING"] = "false" });
        await host.WarmAsync();
        await host.Store.StoreTweetAsync(new NewTweet("Routed"));

        Assert.Equal(RateLimitSource.Postgres, (await host.Store.CheckRateLimitAsync([Busy])).Source);
        Assert.Equal("redis", (await host.Store.CheckDuplicateAsync("Routed")).Source);
        var status = await host.Store.GetFallbackStatusAsync();
        Assert.Equal("postgres", status.Routing["RateLimiting"]);
        Assert.Equal("redis", status.Routing["Deduplication"]);
        Assert.Equal(StoreMode.Normal, status.Store.Mode);
    }
}
