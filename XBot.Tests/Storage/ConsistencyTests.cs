using System.Text.Json.Nodes;
using StackExchange.Redis;
using XBot.Core.Storage;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

[Collection(InfrastructureCollection.Name)]
public sealed class ConsistencyTests(InfrastructureFixture fixture)
{
    private static readonly RateLimitRule Sliding = new("audit_sliding", 50, TimeSpan.FromHours(1));
    private static readonly RateLimitRule Fixed = new("audit_fixed", 50, TimeSpan.FromDays(1), RateLimitWindow.Fixed);

    [Fact]
    public async Task Stores_kept_by_the_store_itself_show_no_drift()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        await WriteSomeAsync(host);

        var report = await host.Store.AuditConsistencyAsync(repair: false, "test");

        Assert.True(report.RedisAvailable);
        Assert.True(report.RedisWarm);
        Assert.Equal(0, report.DriftPercent);
        Assert.Equal("ok", report.Verdict);
        Assert.All(report.Areas, a => Assert.Equal(0, a.Drifted));
        Assert.Equal(3, report.Areas.Single(a => a.Area == "dedup").Compared);
        Assert.Equal(2, report.Areas.Single(a => a.Area == "rate_limits").Compared);
        Assert.Equal(1, report.Areas.Single(a => a.Area == "config").Compared);
        Assert.Equal(0, report.SyncQueue!.Depth);
        Assert.Null(report.Repaired);
    }

    [Fact]
    public async Task Drift_in_every_area_is_found_and_repaired()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        var hashes = await WriteSomeAsync(host);
        var gate = host.Get<RedisGate>();
        var keys = gate.Keys;
        var nowMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var redisOnlyEvent = Guid.NewGuid();

        await gate.ExecuteAsync(async db =>
        {
            await db.KeyDeleteAsync(keys.Dedup(hashes[0]));                                              // missing hash
            await db.StringSetAsync(keys.Dedup(new string('a', 64)), "ghost", TimeSpan.FromHours(1));     // extra hash
            await db.SortedSetAddAsync(keys.SlidingWindow(Sliding.Name, Sliding.WindowMs), redisOnlyEvent.ToString("N"), nowMs); // event only Redis saw
            await db.StringIncrementAsync(keys.FixedWindow(Fixed.Name, Fixed.WindowMs, Fixed.FixedWindowAt(nowMs).Index), -1); // counter behind
            await db.StringSetAsync(keys.ConfigCache("development"), "99999999999999999|{}");              // stale, "newer" cache
            await db.StringSetAsync(keys.LastPostAt, 1);                                                  // wrong state
            return true;
        }, default);

        var before = await host.Store.AuditConsistencyAsync(repair: false, "test");
        Assert.Equal("drift", before.Verdict);
        Assert.All(before.Areas, a => Assert.True(a.Drifted > 0, $"{a.Area} drift not found"));
        Assert.Equal(2, before.Areas.Single(a => a.Area == "dedup").Drifted);
        Assert.Equal(2, before.Areas.Single(a => a.Area == "rate_limits").Drifted);

        var after = await host.Store.AuditConsistencyAsync(repair: true, "alice");

        Assert.Equal(0, after.DriftPercent);
        Assert.Equal("ok", after.Verdict);
        var repaired = after.Repaired!;
        Assert.Equal(1, repaired.DedupKeysAdded);
        Assert.Equal(1, repaired.DedupKeysRemoved);
        Assert.Equal(1, repaired.RateLimitEventsToPostgres);
        Assert.Equal(1, repaired.RateLimitEventsToRedis);
        Assert.True(repaired.ConfigCacheRewritten);
        Assert.True(repaired.LastPostRepaired);
        // Consumption only Redis knew is kept, in PostgreSQL too: a limit is never loosened by a repair.
        Assert.Equal("repair", await scope.ScalarAsync<string>($"SELECT source FROM rate_limit_events WHERE id = '{redisOnlyEvent}'"));
        Assert.Equal("alice", await scope.ScalarAsync<string>("SELECT event_data->>'actor' FROM audit_log WHERE event_type = 'CONSISTENCY_REPAIRED'"));
    }

    [Fact]
    public async Task Without_dual_write_consumption_waits_in_the_sync_queue_until_drained()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(new Dictionary<string, string?> { ["DUAL_WRITE_ENABLED"] = "false" });
        await host.WarmAsync();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => host.Store.CheckRateLimitAsync([Sliding, Fixed])));
        Assert.All(decisions, d => Assert.True(d.Allowed));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events"));

        var queued = await host.Store.AuditConsistencyAsync(repair: false, "test");
        Assert.Equal(16, queued.SyncQueue!.Depth);
        Assert.NotNull(queued.SyncQueue.OldestEnqueuedAt);
        Assert.True(queued.SyncQueue.OldestAge >= TimeSpan.Zero);
        // Waiting in the queue is the design, not drift: the audit counts what the queue will write.
        Assert.Equal(0, queued.Areas.Single(a => a.Area == "rate_limits").Drifted);

        // An item this version can't read is set aside, not retried for ever, and does not block the rest.
        var gate = host.Get<RedisGate>();
        await gate.ExecuteAsync(db => db.ListRightPushAsync(gate.Keys.SyncQueue, "{not an item"), default);
        var run = await host.Get<SyncDrainer>().DrainAsync(default);

        Assert.Equal(16, run.Applied);
        Assert.Equal(1, run.DeadLettered);
        Assert.Equal(0, run.Remaining);
        Assert.Equal(16L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events"));
        var synced = await host.Store.AuditConsistencyAsync(repair: false, "test");
        Assert.Equal(0, synced.DriftPercent);
        Assert.Equal(0, synced.SyncQueue!.Depth);
        Assert.Equal(1, synced.SyncQueue.DeadLetters);

        // Draining again changes nothing: applying is idempotent.
        Assert.Equal(0, (await host.Get<SyncDrainer>().DrainAsync(default)).Applied);
    }

    [Fact]
    public async Task A_second_drainer_waits_for_the_lease()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        var gate = host.Get<RedisGate>();
        await gate.ExecuteAsync(db => db.StringSetAsync(gate.Keys.SyncLease, "someone-else", TimeSpan.FromMinutes(1)), default);

        var run = await host.Get<SyncDrainer>().DrainAsync(default);

        Assert.True(run.LeaseHeldElsewhere);
        Assert.Equal(0, run.Applied);
    }

    [Theory]
    [InlineData(0, "ok")]
    [InlineData(1000, "ok")]
    [InlineData(1001, "warning")]
    [InlineData(5000, "warning")]
    [InlineData(5001, "critical")]
    public void Sync_queue_depth_levels_follow_the_runbook(long depth, string level) =>
        Assert.Equal(level, new SyncQueueStatus(depth, null, null, 0).Level);

    [Fact]
    public async Task The_audit_reports_redis_unavailable_rather_than_no_drift()
    {
        await using var scope = await StoreScope.CreateAsync(fixture, redis: $"127.0.0.1:{PortFinder.Free()},connectTimeout=500");
        await using var host = await scope.StartAsync(start: false);

        var report = await host.Store.AuditConsistencyAsync(repair: true, "test");

        Assert.False(report.RedisAvailable);
        Assert.Null(report.DriftPercent);
        Assert.Equal("unavailable", report.Verdict);
        Assert.False(report.Healthy);
    }

    /// <summary>Three posts, two limits consumed, one config change; returns the posts' hashes.</summary>
    private static async Task<string[]> WriteSomeAsync(StoreHost host)
    {
        var hashes = new List<string>();
        foreach (var text in new[] { "First post", "Second post", "Third post" })
        {
            hashes.Add((await host.Store.StoreTweetAsync(new NewTweet(text, PostedAt: DateTimeOffset.UtcNow))).ContentHash!);
        }
        for (var i = 0; i < 5; i++)
        {
            Assert.True((await host.Store.CheckRateLimitAsync([Sliding, Fixed])).Allowed);
        }
        await host.Store.SetConfigAsync("max_hashtags", JsonValue.Create(2), "test");
        await host.Store.GetBotConfigAsync();
        return [.. hashes];
    }
}
