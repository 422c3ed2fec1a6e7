using System.Text.Json.Nodes;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Posting;

/// <summary>
/// The scheduler's caps are checked at Redis speed and written to PostgreSQL with the post's own
/// transition: what a post consumed is durable exactly when the post is, whatever happens to Redis.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class CapDurabilityTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_shadow_post_carries_its_caps_into_postgres_and_a_redis_loss_then_counts_them_exactly()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        // A day between syncs: only the post's own transition can have put the caps in PostgreSQL.
        await using var worker = await PipelineHost.StartAsync(scope, clock, new Dictionary<string, string?> { ["SYNC_INTERVAL_MS"] = "86400000" });
        await worker.RelaxCapsAsync();
        await Deadline.UntilAsync(() => worker.Get<RedisGate>().Serves(Core.Storage.Fallback.StoreFeature.Queue), "Redis did not come up");
        await worker.EnqueueAsync("Write what a post consumed with the post itself, in one statement.");
        var queueBefore = await worker.Get<SyncQueue>().StatusAsync(default);

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Shadowed, decision.Outcome);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events WHERE limit_key = 'daily_tweets'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events WHERE limit_key = 'hourly_tweets'"));
        // The limiter queued them too (the backstop): the check itself did not wait for PostgreSQL.
        Assert.Equal(queueBefore!.Depth + 2, (await worker.Get<SyncQueue>().StatusAsync(default))!.Depth);

        // Redis restarts empty, the queue with it: fallback counts the post's caps exactly once.
        var gate = worker.Get<RedisGate>();
        await gate.ExecuteAsync(async db => await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, gate.Keys.AllPattern, default)), default);
        IReadOnlyList<RateLimitRule> caps = [RateLimitRules.Daily(1000), RateLimitRules.Hourly(100)];
        var cold = await worker.Store.PeekRateLimitAsync(caps);
        Assert.Equal((RateLimitSource.Postgres, 1, 1), (cold.Source, cold.Limits[0].Count, cold.Limits[1].Count));

        // And so does Redis once rebuilt from PostgreSQL.
        await Deadline.UntilAsync(() => worker.Store.Status.Mode == Core.Storage.Fallback.StoreMode.Normal, "the store did not rebuild Redis");
        var warm = await worker.Store.PeekRateLimitAsync(caps);
        Assert.Equal((RateLimitSource.Redis, 1, 1), (warm.Source, warm.Limits[0].Count, warm.Limits[1].Count));
        Assert.Equal(0, (await worker.Store.AuditConsistencyAsync(repair: false, "test")).DriftPercent);
    }

    [Fact]
    public async Task A_transition_that_lost_the_race_writes_neither_its_audit_row_nor_its_caps()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        await using var worker = await PipelineHost.StartAsync(scope, PipelineHost.NewClock());
        var id = await worker.EnqueueAsync("Only the winner of a compare-and-set leaves a trace.");
        var audits = await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'POST_TRANSITION'");
        var capEvent = new RateLimitEvent(Guid.NewGuid(), "development", "daily_tweets", "sliding", 86_400_000, DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(), "redis");

        var moved = await worker.Lifecycle.TransitionAsync(id, [TweetStatus.Picked], new Transition(TweetStatus.Shadowed, "lost race") { CapEvents = [capEvent] }, CancellationToken.None);
        Assert.False(moved);
        Assert.Equal(audits, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'POST_TRANSITION'"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events"));

        var won = await worker.Lifecycle.TransitionAsync(id, [TweetStatus.Queued], new Transition(TweetStatus.Shadowed, "won") { CapEvents = [capEvent] }, CancellationToken.None);
        Assert.True(won);
        Assert.Equal(audits + 1, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'POST_TRANSITION'"));
        Assert.Equal("won", await scope.ScalarAsync<string>("SELECT event_data->>'reason' FROM audit_log WHERE event_type = 'POST_TRANSITION' ORDER BY id DESC LIMIT 1"));
        Assert.Equal(1L, await scope.ScalarAsync<long>($"SELECT count(*) FROM rate_limit_events WHERE id = '{capEvent.Id}'"));
    }
}
