using System.Text.Json.Nodes;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Posting.XApi;
using XBot.Core.Scheduling;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.XSimulator;
using XBot.XSimulator.Options;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.Posting;

/// <summary>
/// The scheduling cycle under the faults independent testing found: partial timeline answers, cycles
/// that throw, tweet id clashes, cap slots spent on posts that never went out, and X's 402.
/// Real Redis and PostgreSQL, the real X client, the X stand-in.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SchedulingFaultTests(InfrastructureFixture infrastructure)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(16);

    private static Dictionary<string, string?> Live(XSimulatorHost x) => new(x.ClientSettings) { ["LIVE_POSTS"] = "true" };

    private static XSimulatorOptions Roomy() => new() { RateLimits = { PostsPer24Hours = 1000, AppPostsPer24Hours = 1000 } };

    [Fact]
    public async Task An_unknown_post_is_not_sent_again_while_the_timeline_answers_errors_only()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(Roomy(), clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, Live(x));
        await worker.RelaxCapsAsync();
        var id = await worker.EnqueueAsync("An errors-only page is not an empty timeline.");
        // X answers 503 (the post may or may not exist), then the timeline comes back errors-only.
        x.State.Faults.Add(SimFault.ServerError, XEndpoints.CreateTweet, count: 1);
        var unknown = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        x.State.Faults.Add(SimFault.ErrorsOnly, XEndpoints.UserTweets);

        var decisions = new List<CycleDecision>();
        for (var i = 0; i < 3; i++)
        {
            clock.Advance(Interval);
            decisions.Add(await worker.Cycle.RunOnceAsync(CancellationToken.None));
        }

        Assert.Equal(CycleOutcome.Unknown, unknown.Outcome);
        Assert.All(decisions, d => Assert.Equal(CycleOutcome.Skipped, d.Outcome));
        Assert.All(decisions, d => Assert.Contains(d.Reconciled!, n => n.Contains("could not read recent posts")));
        Assert.Equal(TweetStatus.Unknown, (await worker.Lifecycle.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Equal(1, x.State.Requests.Count(XEndpoints.CreateTweet));
    }

    [Fact]
    public async Task A_cycle_that_throws_records_a_failed_decision_with_the_error()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await using (var connection = new Npgsql.NpgsqlConnection(scope.Postgres))
        {
            await connection.OpenAsync();
            // The expiry step reads this column: every cycle now fails in PostgreSQL, as after a bad deploy.
            await using var command = new Npgsql.NpgsqlCommand("ALTER TABLE tweets RENAME COLUMN approval_deadline TO approval_deadline_gone", connection);
            await command.ExecuteNonQueryAsync();
        }

        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => worker.Cycle.RunOnceAsync(CancellationToken.None));

        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM schedule_decisions WHERE outcome = 'failed' AND reason LIKE '%PostgresException%approval_deadline%'"));
    }

    [Fact]
    public async Task A_tweet_id_already_recorded_is_handled_once_with_a_critical_alert_and_posting_goes_on()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(Roomy(), clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, Live(x));
        await worker.RelaxCapsAsync();
        var lost = await worker.EnqueueAsync("The answer to this one is lost.");
        x.State.Faults.Add(SimFault.AcceptThenDrop, XEndpoints.CreateTweet, count: 1);
        Assert.Equal(CycleOutcome.Unknown, (await worker.Cycle.RunOnceAsync(CancellationToken.None)).Outcome);
        // Another row already claims the id X gave that post (as after a stand-in restart that reused ids).
        var xId = Assert.Single(x.State.Posts.All()).Id;
        var squatter = await worker.EnqueueAsync("An older row that holds the same id.");
        await worker.Lifecycle.TransitionAsync(squatter, [TweetStatus.Queued], new Transition(TweetStatus.Posted, "test") { TweetId = xId, PostedAt = clock.GetUtcNow().AddDays(-1) }, CancellationToken.None);
        var next = await worker.EnqueueAsync("Posting goes on after the clash.");

        clock.Advance(Interval);
        var reconciled = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        clock.Advance(Interval);
        var after = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Contains(reconciled.Reconciled!, n => n.Contains("already recorded"));
        var row = await worker.Lifecycle.GetAsync(lost, CancellationToken.None);
        Assert.Equal(TweetStatus.Posted, row!.Status);
        Assert.StartsWith("local-", row.TweetId);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'TWEET_ID_CONFLICT' AND severity = 'critical'"));
        // The same cycle went on to post the next candidate, and the one after has nothing left: no loop.
        Assert.Equal((CycleOutcome.Posted, next), (reconciled.Outcome, reconciled.TweetRow));
        Assert.Equal("no candidate is queued", after.Reason);
        Assert.Equal(2, x.State.Posts.All().Count);
    }

    [Fact]
    public async Task A_post_that_never_went_out_gives_its_cap_slots_back()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(Roomy(), clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, Live(x));
        await worker.RelaxCapsAsync();
        await worker.EnqueueAsync("Slots are for posts, not for attempts.");
        var storm = x.State.Faults.Add(SimFault.RateLimitStorm, XEndpoints.CreateTweet, duration: TimeSpan.FromSeconds(60));

        var limited = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        var afterStorm = await CapCountsAsync(worker);
        clock.SetUtcNow(storm.Until!.Value.AddSeconds(1));
        var posted = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.StartsWith("X rate limit until", limited.Reason);
        Assert.Equal((0, 0), afterStorm);
        Assert.Equal(CycleOutcome.Posted, posted.Outcome);
        Assert.Equal((1, 1), await CapCountsAsync(worker));
        Assert.Equal(2L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events"));
    }

    [Fact]
    public async Task A_post_reconciled_as_certainly_absent_gives_its_slots_back_before_it_is_tried_again()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(Roomy(), clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, Live(x));
        await worker.RelaxCapsAsync();
        await worker.EnqueueAsync("A 503 is not a yes; the timeline decides.");
        x.State.Faults.Add(SimFault.ServerError, XEndpoints.CreateTweet, count: 1);

        var unknown = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        var whileUnknown = await CapCountsAsync(worker);
        clock.Advance(Interval);
        var retried = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Unknown, unknown.Outcome);
        Assert.Equal((1, 1), whileUnknown);
        Assert.Contains(retried.Reconciled!, n => n.Contains("certainly not posted"));
        Assert.Equal(CycleOutcome.Posted, retried.Outcome);
        Assert.Equal((1, 1), await CapCountsAsync(worker));
    }

    [Fact]
    public async Task A_402_stops_posting_with_a_critical_alert_and_is_not_retried_or_counted_as_a_failure()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(Roomy(), clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, Live(x));
        await worker.RelaxCapsAsync();
        var id = await worker.EnqueueAsync("Credits first, posts second.");
        x.State.Faults.Add(SimFault.PaymentRequired);

        var halted = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        clock.Advance(Interval);
        var next = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Halted, halted.Outcome);
        Assert.Equal(TweetStatus.Queued, (await worker.Lifecycle.GetAsync(id, CancellationToken.None))!.Status);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'X_PAYMENT_REQUIRED' AND severity = 'critical'"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM schedule_decisions WHERE outcome = 'failed'"));
        Assert.Equal((0, 0), await CapCountsAsync(worker));
        Assert.Equal("the posting feature flag is off", next.Reason);
        Assert.Equal(1, x.State.Requests.Count(XEndpoints.CreateTweet));
    }

    private static async Task<(int Daily, int Hourly)> CapCountsAsync(PipelineHost worker)
    {
        var config = await worker.Store.GetBotConfigAsync();
        var peek = await worker.Store.PeekRateLimitAsync(
            [XBot.Core.Storage.RateLimits.RateLimitRules.Daily(config.RateLimits.Daily), XBot.Core.Storage.RateLimits.RateLimitRules.Hourly(config.RateLimits.Hourly)]);
        return (peek.Limits[0].Count, peek.Limits[1].Count);
    }
}
