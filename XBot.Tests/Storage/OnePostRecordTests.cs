using System.Text.Json.Nodes;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;

namespace XBot.Tests.Storage;

/// <summary>
/// One writer of <c>tweets</c> keeps the Redis dedup keys, and one fingerprint is used everywhere: a
/// queued or posted text is a duplicate whichever store answers, and a pipeline run leaves no drift.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class OnePostRecordTests(InfrastructureFixture fixture)
{
    public static TheoryData<string> Modes => ["redis", "fallback"];

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_queued_then_posted_text_is_a_duplicate_whichever_store_answers(string mode)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(new Dictionary<string, string?>
        {
            ["REDIS_FALLBACK_MODE"] = mode == "fallback" ? "true" : "false",
            // The exact check alone, so the answer's source is the store asked first.
            ["Dedup:NearDuplicates"] = "false",
        });
        await host.WarmAsync();
        var lifecycle = host.Get<PostLifecycleStore>();
        var text = "Queued through the pipeline's own path, and checked by the store.";

        // The caller's hash is not trusted: the store fingerprints the text itself.
        var id = await lifecycle.EnqueueAsync(new NewPost(text, "a hash from somewhere else", "test", "dotnet", 1.0, DateTimeOffset.UtcNow.AddDays(2)), default);
        Assert.NotNull(id);
        var row = (await lifecycle.GetAsync(id.Value, default))!;
        Assert.Equal(ContentFingerprint.Of(text).Hash, row.ContentHash);

        var source = mode == "redis" ? "redis" : "postgres";
        foreach (var variant in new[] { text, text.TrimEnd('.') + "!", text + " https://example.com/more #dotnet", text.Replace("a", "а", StringComparison.Ordinal) })
        {
            var check = await host.Store.CheckDuplicateAsync(variant);
            Assert.Equal((DuplicateVerdict.Duplicate, source, row.TweetId), (check.Verdict, check.Source, check.MatchingTweetId));
        }
        if (mode == "redis")
        {
            var gate = host.Get<RedisGate>();
            Assert.Equal(row.TweetId, (string?)await gate.ExecuteAsync(db => db.StringGetAsync(gate.Keys.Dedup(row.ContentHash!)), default));
        }

        // Its own row never makes a candidate a duplicate of itself.
        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync(text, row.TweetId)).Verdict);

        Assert.True(await lifecycle.TransitionAsync(id.Value, [TweetStatus.Queued], new Transition(TweetStatus.Picked, "test"), default));
        Assert.True(await lifecycle.TransitionAsync(id.Value, [TweetStatus.Picked], new Transition(TweetStatus.Posted, "test") { TweetId = "190001", PostedAt = DateTimeOffset.UtcNow }, default));
        var posted = await host.Store.CheckDuplicateAsync(text);
        Assert.Equal((DuplicateVerdict.Duplicate, source, "190001"), (posted.Verdict, posted.Source, posted.MatchingTweetId));

        if (mode == "redis")
        {
            // In fallback mode Redis is bypassed by design; the recovery rebuild fills it.
            Assert.Equal(0, (await host.Store.AuditConsistencyAsync(repair: false, "test")).DriftPercent);
        }
    }

    [Fact]
    public async Task A_refused_or_expired_candidate_frees_its_text_in_both_stores()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(new Dictionary<string, string?> { ["Dedup:NearDuplicates"] = "false" });
        await host.WarmAsync();
        var lifecycle = host.Get<PostLifecycleStore>();
        var refused = (await lifecycle.EnqueueAsync(new NewPost("A candidate the guard refuses later on.", "", "test", null, 1, DateTimeOffset.UtcNow.AddDays(2)), default))!.Value;
        await lifecycle.EnqueueAsync(new NewPost("A candidate the operator clears from the queue.", "", "test", null, 1, DateTimeOffset.UtcNow.AddDays(2)), default);

        Assert.True(await lifecycle.TransitionAsync(refused, [TweetStatus.Queued], new Transition(TweetStatus.Refused, "test"), default));
        Assert.Equal(1, await lifecycle.ClearQueueAsync("test", default));

        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("A candidate the guard refuses later on.")).Verdict);
        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("A candidate the operator clears from the queue.")).Verdict);
        var report = await host.Store.AuditConsistencyAsync(repair: false, "test");
        Assert.Equal(0, report.DriftPercent);
        Assert.Equal(0, report.Areas.Single(a => a.Area == "dedup").Compared);
    }

    [Fact]
    public async Task After_a_refresh_and_a_cycle_the_audit_finds_no_drift()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.Store.SetConfigAsync("post_fraction", JsonValue.Create(1.0), "test");

        var refresh = await worker.Refresher.RefreshAsync(CancellationToken.None);
        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.True(refresh.Queued >= 10, $"queued {refresh.Queued}");
        Assert.Equal(CycleOutcome.Shadowed, decision.Outcome);
        var report = await worker.Store.AuditConsistencyAsync(repair: false, "test");
        Assert.Equal(0, report.DriftPercent);
        Assert.Equal(refresh.Queued, report.Areas.Single(a => a.Area == "dedup").Compared);
        Assert.Equal(0, report.Areas.Single(a => a.Area == "state").Drifted);
        // And every queued text is a duplicate as Redis answers it.
        foreach (var row in await worker.Lifecycle.ListAsync([TweetStatus.Queued, TweetStatus.Shadowed], 100, CancellationToken.None))
        {
            var check = await worker.Store.CheckDuplicateAsync(row.Content);
            Assert.Equal((DuplicateVerdict.Duplicate, row.TweetId), (check.Verdict, check.MatchingTweetId));
        }
    }
}
