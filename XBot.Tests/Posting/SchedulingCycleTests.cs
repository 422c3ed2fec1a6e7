using XBot.Core.Storage.Tweets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Time.Testing;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.XSimulator;
using XBot.XSimulator.Options;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.Posting;

/// <summary>The scheduling cycle against real Redis and PostgreSQL, posting through the real X client to the X stand-in.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SchedulingCycleTests(InfrastructureFixture infrastructure)
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(16);

    [Fact]
    public async Task Shadow_mode_runs_the_whole_pipeline_logs_the_shadow_line_and_records_the_post()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.Store.SetConfigAsync("post_fraction", JsonValue.Create(1.0), "test");

        var refresh = await worker.Refresher.RefreshAsync(CancellationToken.None);
        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.True(refresh.Queued > 0, $"queued {refresh.Queued}, refused: {string.Join(" | ", refresh.RefusedReasons)}");
        Assert.Equal(CycleOutcome.Shadowed, decision.Outcome);
        Assert.Contains($"SHADOW MODE - Would post: {decision.Text}", worker.Log.Lines);
        var row = await worker.Lifecycle.GetAsync(decision.TweetRow!.Value, CancellationToken.None);
        Assert.Equal(TweetStatus.Shadowed, row!.Status);
        Assert.StartsWith("local-", row.TweetId);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM schedule_decisions WHERE outcome = 'shadowed'"));
    }

    [Fact]
    public async Task Live_mode_posts_through_the_X_client_once()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(baseClock: clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, Live(x));
        await worker.RelaxCapsAsync();
        var id = await worker.EnqueueAsync("Record the intent before you call the outside world, then reconcile.");

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Posted, decision.Outcome);
        var post = Assert.Single(x.State.Posts.All());
        var row = await worker.Lifecycle.GetAsync(id, CancellationToken.None);
        Assert.Equal((TweetStatus.Posted, post.Id), (row!.Status, row.TweetId));
    }

    [Fact]
    public async Task Gates_quiet_hours_interval_caps_and_post_fraction_hold_posts_back()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.Store.SetConfigAsync("rate_limits", JsonNode.Parse("""{"daily": 1, "hourly": 1}"""), "test");
        await worker.Store.SetConfigAsync("quiet_hours", JsonNode.Parse("[3]"), "test");
        await worker.Store.SetConfigAsync("post_interval_min", JsonValue.Create(15), "test");
        for (var i = 0; i < 4; i++)
        {
            await worker.EnqueueAsync($"Candidate number {i} about keeping migrations additive.");
        }

        await worker.Store.SetConfigAsync("post_fraction", JsonValue.Create(0.0), "test");
        var gated = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        await worker.Store.SetConfigAsync("post_fraction", JsonValue.Create(1.0), "test");
        var first = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        var tooSoon = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        clock.Advance(Interval);
        var capped = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        clock.SetUtcNow(clock.GetUtcNow().Date.AddDays(1).AddHours(3).AddMinutes(30));
        var quiet = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal((CycleOutcome.Skipped, "the post_fraction gate held the pick back"), (gated.Outcome, gated.Reason));
        Assert.Equal(TweetStatus.Skipped, (await worker.Lifecycle.GetAsync(gated.TweetRow!.Value, CancellationToken.None))!.Status);
        Assert.Equal(CycleOutcome.Shadowed, first.Outcome);
        Assert.StartsWith("minimum interval", tooSoon.Reason);
        Assert.StartsWith("cap reached", capped.Reason);
        Assert.StartsWith("quiet hours", quiet.Reason);
        Assert.Equal(2, await worker.Lifecycle.CountAsync(TweetStatus.Queued, CancellationToken.None));
    }

    [Fact]
    public async Task Approval_mode_waits_for_a_human_and_unapproved_picks_expire()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        await worker.Store.SetConfigAsync("feature_flags", JsonNode.Parse("""{"approval_required": true}"""), "test");
        await worker.EnqueueAsync("A circuit breaker is a promise to fail fast and recover on your own.");

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromHours(13));
        await worker.Lifecycle.ExpireAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.AwaitingApproval, decision.Outcome);
        Assert.Equal(TweetStatus.Expired, (await worker.Lifecycle.GetAsync(decision.TweetRow!.Value, CancellationToken.None))!.Status);
    }

    [Fact]
    public async Task A_post_whose_answer_was_lost_is_reconciled_and_never_sent_twice()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(baseClock: clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, Live(x));
        await worker.RelaxCapsAsync();
        var id = await worker.EnqueueAsync("Retries without idempotency are how you post twice.");
        x.State.Faults.Add(SimFault.AcceptThenDrop, count: 1);

        var lost = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        var reconciled = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Unknown, lost.Outcome);
        var post = Assert.Single(x.State.Posts.All());
        var row = await worker.Lifecycle.GetAsync(id, CancellationToken.None);
        Assert.Equal((TweetStatus.Posted, post.Id), (row!.Status, row.TweetId));
        Assert.Contains(reconciled.Reconciled!, note => note.Contains("marked posted"));
    }

    [Fact]
    public async Task During_a_429_storm_nothing_is_sent_before_the_reset()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(baseClock: clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, Live(x));
        await worker.RelaxCapsAsync();
        await worker.EnqueueAsync("Practise the rollback before you need it.");
        var storm = x.State.Faults.Add(SimFault.RateLimitStorm, duration: TimeSpan.FromMinutes(45));

        var first = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        var postsSentDuringStorm = new List<int>();
        for (var i = 0; i < 2; i++)
        {
            clock.Advance(Interval);
            await worker.Cycle.RunOnceAsync(CancellationToken.None);
            postsSentDuringStorm.Add(x.State.Requests.All().Count(r => r.Method == "POST"));
        }
        clock.SetUtcNow(storm.Until!.Value.AddSeconds(1));
        var after = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.StartsWith("X rate limit until", first.Reason);
        Assert.Equal([1, 1], postsSentDuringStorm);
        Assert.Equal(CycleOutcome.Posted, after.Outcome);
        Assert.Single(x.State.Posts.All());
    }

    [Fact]
    public async Task Two_workers_for_50_cycles_never_post_the_same_candidate_twice()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(BusyAccount(), clock);
        // The numbered lessons are near-duplicates of each other; this test is about exactly-once, so only the exact check runs.
        await using var first = await PipelineHost.StartAsync(scope, clock, WithoutNearDuplicates(Live(x)), seed: 1);
        await using var second = await PipelineHost.StartAsync(scope, clock, WithoutNearDuplicates(Live(x)), seed: 2);
        await first.RelaxCapsAsync();
        for (var i = 0; i < 60; i++)
        {
            await first.EnqueueAsync($"Lesson {i:D2}: write down why a decision was made, not only that it happened.");
        }

        for (var cycle = 0; cycle < 50; cycle++)
        {
            if (cycle % 7 == 3)
            {
                // Now and then X takes the post and loses the answer: reconciliation must not post again.
                x.State.Faults.Add(SimFault.AcceptThenDrop, count: 1);
            }
            await Task.WhenAll(first.Cycle.RunOnceAsync(CancellationToken.None), second.Cycle.RunOnceAsync(CancellationToken.None));
            clock.Advance(Interval);
        }

        var posts = x.State.Posts.All();
        Assert.True(posts.Count >= 40, $"only {posts.Count} posts in 50 cycles");
        Assert.Equal(posts.Count, posts.Select(p => p.Text).Distinct().Count());
        Assert.Equal(posts.Count, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status = 'posted'"));
        Assert.Equal(posts.Count, await scope.ScalarAsync<long>("SELECT count(DISTINCT tweet_id) FROM tweets WHERE status = 'posted'"));
    }

    [Fact]
    public async Task A_hundred_concurrent_submissions_lose_none_and_post_none_twice()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(BusyAccount(), clock);
        await using var worker = await PipelineHost.StartAsync(scope, clock, WithoutNearDuplicates(Live(x)));
        await worker.RelaxCapsAsync();

        // Each submission is sent twice at once, as a client retrying on a timeout would: the request id makes it one.
        var submissions = Enumerable.Range(0, 100).SelectMany(i => new[] { i, i }).Select(i => Task.Run(async () =>
        {
            try
            {
                return await worker.Lifecycle.EnqueueAsync(
                    new NewPost($"Submitted post {i:D3}: small, reviewed, reversible changes.", XBot.Core.Text.ContentHash.Compute($"Submitted post {i:D3}"),
                        "api", "dotnet", 2.0, clock.GetUtcNow().AddHours(48), RequestId: $"req-{i:D3}"), CancellationToken.None);
            }
            catch (Npgsql.PostgresException)
            {
                return null;
            }
        }));
        var ids = await Task.WhenAll(submissions);

        Assert.Equal(100, ids.Where(id => id is not null).Distinct().Count());
        Assert.Equal(100, await worker.Lifecycle.CountAsync(TweetStatus.Queued, CancellationToken.None));

        // Drain the queue: one post per cycle, quiet hours included, so bounded by two days of cycles.
        for (var cycle = 0; cycle < 200 && await worker.Lifecycle.CountAsync(TweetStatus.Queued, CancellationToken.None) > 0; cycle++)
        {
            await worker.Cycle.RunOnceAsync(CancellationToken.None);
            clock.Advance(Interval);
        }

        var posts = x.State.Posts.All();
        Assert.Equal(100, posts.Count);
        Assert.Equal(100, posts.Select(p => p.Text).Distinct().Count());
        Assert.Equal(100L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status = 'posted'"));
    }

    /// <summary>An account on a paid tier: the stand-in's default is the Free tier's 17 posts a day.</summary>
    private static XSimulatorOptions BusyAccount() => new() { RateLimits = { PostsPer24Hours = 1000, AppPostsPer24Hours = 1000 } };

    private static Dictionary<string, string?> Live(XSimulatorHost x) => new(x.ClientSettings) { ["LIVE_POSTS"] = "true" };

    private static Dictionary<string, string?> WithoutNearDuplicates(Dictionary<string, string?> settings) =>
        new(settings) { ["Dedup:NearDuplicates"] = "false" };
}
