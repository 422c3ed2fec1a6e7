using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

/// <summary>Rate-limit events that reach PostgreSQL through the sync queue (write-behind) still count exactly.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class WriteBehindTests(InfrastructureFixture fixture)
{
    private static readonly RateLimitRule Sliding = new("wb_sliding", 10, TimeSpan.FromHours(1));
    private static readonly RateLimitRule Fixed = new("wb_fixed", 10, TimeSpan.FromDays(1), RateLimitWindow.Fixed);

    [Fact]
    public async Task A_refunded_event_still_queued_does_not_come_back_when_the_queue_is_drained()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        // Not started: the worker's sync service must not drain behind the test's back.
        await using var host = await scope.StartAsync(new Dictionary<string, string?> { ["DUAL_WRITE_ENABLED"] = "false" }, start: false);
        await host.Store.RebuildRedisAsync("test");
        IReadOnlyList<RateLimitRule> rules = [Sliding, Fixed];

        var kept = await host.Store.CheckRateLimitAsync(rules);
        var refunded = await host.Store.CheckRateLimitAsync(rules);
        Assert.True(kept.Allowed && refunded.Allowed);
        await host.Store.RefundRateLimitAsync(rules, refunded);

        // Waiting in the queue is not drift: the audit counts what the queue will write and delete.
        var queued = await host.Store.AuditConsistencyAsync(repair: false, "test");
        Assert.Equal(0, queued.DriftPercent);
        Assert.Equal(5, queued.SyncQueue!.Depth);

        var run = await host.Get<SyncDrainer>().DrainAsync(default);

        Assert.Null(run.Error);
        Assert.Equal(0, run.Remaining);
        Assert.Equal(2L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events"));
        Assert.Equal(0L, await scope.ScalarAsync<long>($"SELECT count(*) FROM rate_limit_events WHERE id IN ('{refunded.EventIds[0]}', '{refunded.EventIds[1]}')"));
        Assert.Equal(0, (await host.Store.AuditConsistencyAsync(repair: false, "test")).DriftPercent);

        // And a Redis loss then counts exactly what was kept, in fallback and after the rebuild.
        var gate = host.Get<RedisGate>();
        await gate.ExecuteAsync(async db => await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, gate.Keys.AllPattern, default)), default);
        var cold = await host.Store.PeekRateLimitAsync(rules);
        Assert.Equal((RateLimitSource.Postgres, 1, 1), (cold.Source, cold.Limits[0].Count, cold.Limits[1].Count));
        await host.Store.RebuildRedisAsync("test");
        await using var next = await scope.StartAsync(start: false);
        await next.Get<RedisGate>().WaitUntilConnectedAsync(default);
        var warm = await next.Store.PeekRateLimitAsync(rules);
        Assert.Equal((RateLimitSource.Redis, 1, 1), (warm.Source, warm.Limits[0].Count, warm.Limits[1].Count));
    }
}
