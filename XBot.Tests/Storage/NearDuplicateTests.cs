using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using XBot.Core.Scheduling;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;
using XBot.Tests.Posting;
using Xunit.Abstractions;

namespace XBot.Tests.Storage;

/// <summary>The near-duplicate check against the live posts of the last 7 days, as the store and the scheduler use it.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class NearDuplicateTests(InfrastructureFixture fixture, ITestOutputHelper output)
{
    private const string Earlier = "Retries without idempotency are how you post twice, so give every write a key.";

    [Fact]
    public async Task A_near_copy_is_refused_naming_the_earlier_post_for_seven_days()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(1));
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(time: clock);
        await host.WarmAsync();
        await host.Store.StoreTweetAsync(new NewTweet(Earlier, TweetId: "1901"));

        var copy = await host.Store.CheckDuplicateAsync("Retries without idempotency are how you end up posting twice, so give each write a key!");
        Assert.Equal(DuplicateVerdict.Duplicate, copy.Verdict);
        Assert.Equal("1901", copy.MatchingTweetId);
        Assert.Contains("near-duplicate of 1901", copy.Reason);
        Assert.Contains(Earlier, copy.Reason);
        Assert.InRange(copy.Similarity!.Value, 0.6, 0.99);

        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Idempotency keys turn a retry storm into a list of harmless no-ops.")).Verdict);
        // Its own row does not count (the scheduler checks a queued candidate against everything else).
        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync(Earlier + " Really.", "1901")).Verdict);

        clock.Advance(StoreLimits.DedupWindow + TimeSpan.FromSeconds(1));
        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Retries without idempotency are how you end up posting twice, so give each write a key!")).Verdict);
    }

    [Fact]
    public async Task A_dead_post_is_no_near_duplicate()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        await host.Store.StoreTweetAsync(new NewTweet(Earlier, TweetStatus.Refused, TweetId: "1902"));

        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Retries without idempotency are how you end up posting twice, so give each write a key!")).Verdict);
    }

    [Theory]
    [InlineData("Dedup:NearDuplicateThreshold", "0.3")]
    [InlineData("Dedup:NearDuplicateThreshold", "1.5")]
    [InlineData("Dedup:ShingleSize", "0")]
    public async Task A_bad_setting_stops_the_start(string key, string value)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var host = await scope.StartAsync(new Dictionary<string, string?> { [key] = value });
        });
        Assert.Contains(key, error.Message);
    }

    [Fact]
    public async Task The_scheduler_refuses_a_near_copy_and_records_which_post_it_resembles()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.Store.SetConfigAsync("post_fraction", JsonValue.Create(1.0), "test");
        await worker.Store.StoreTweetAsync(new NewTweet(Earlier, TweetStatus.Shadowed, TweetId: "1903", PostedAt: clock.GetUtcNow().AddHours(-2)));
        // Queued directly, as an old queue row from before this check would be.
        var id = await worker.EnqueueAsync("Retries without idempotency are how you end up posting twice, so give each write a key!");

        var decision = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Skipped, decision.Outcome);
        var row = (await worker.Lifecycle.GetAsync(id, CancellationToken.None))!;
        Assert.Equal(TweetStatus.Refused, row.Status);
        Assert.Contains("near-duplicate of 1903", row.LastError);
        Assert.Contains(decision.Refusals!, r => r.Contains("near-duplicate of 1903", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Of_similar_queued_candidates_one_is_posted_and_the_rest_are_refused_as_its_copies()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var clock = PipelineHost.NewClock();
        await using var worker = await PipelineHost.StartAsync(scope, clock);
        await worker.RelaxCapsAsync();
        // Queued directly (an API submission does not go through the refresher's check).
        var ids = new List<long>();
        foreach (var i in new[] { 1, 2, 3 })
        {
            ids.Add(await worker.EnqueueAsync($"Candidate number {i} about keeping every migration additive."));
        }

        var first = await worker.Cycle.RunOnceAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(16));
        var second = await worker.Cycle.RunOnceAsync(CancellationToken.None);

        Assert.Equal(CycleOutcome.Shadowed, first.Outcome);
        var posted = (await worker.Lifecycle.GetAsync(first.TweetRow!.Value, CancellationToken.None))!;
        Assert.Equal(CycleOutcome.Skipped, second.Outcome);
        Assert.Equal("every candidate was refused", second.Reason);
        foreach (var id in ids.Where(id => id != posted.Id))
        {
            var row = (await worker.Lifecycle.GetAsync(id, CancellationToken.None))!;
            Assert.Equal(TweetStatus.Refused, row.Status);
            Assert.Contains($"near-duplicate of {posted.TweetId}", row.LastError);
        }
    }

    [Fact]
    public async Task With_ten_thousand_posts_in_the_window_a_check_still_finds_the_copy()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        await using (var connection = new Npgsql.NpgsqlConnection(scope.Postgres))
        {
            await connection.OpenAsync();
            // Ten thousand distinct posts of 12-16 words each, as a busy week's window.
            await using var insert = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO tweets (tweet_id, content, status, created_at, updated_at)
                SELECT 'bulk-' || g,
                       'Post ' || g || ' about ' || substr(md5(g::text), 1, 6) || ' and ' || substr(md5((g * 7)::text), 1, 7)
                         || ' with notes on ' || substr(md5((g * 13)::text), 1, 5) || ' plus ' || substr(md5((g * 17)::text), 1, 8)
                         || ' for team ' || (g % 97) || ' in week ' || (g % 53),
                       'posted', now() - interval '1 hour', now()
                FROM generate_series(1, 10000) g
                """, connection);
            await insert.ExecuteNonQueryAsync();
            // Indexed as the store indexes a post (these plain lower-case words are their own skeleton words).
            await using var index = new Npgsql.NpgsqlCommand(
                """
                INSERT INTO tweet_words (word, created_at, tweet_row_id)
                SELECT DISTINCT w, t.created_at, t.id FROM tweets t, regexp_split_to_table(lower(t.content), '\s+') AS w WHERE t.tweet_id LIKE 'bulk-%';
                UPDATE tweets SET words_indexed = true WHERE tweet_id LIKE 'bulk-%';
                """, connection);
            await index.ExecuteNonQueryAsync();
        }
        await host.Store.StoreTweetAsync(new NewTweet(Earlier, TweetId: "1904"));
        var text = "Retries without idempotency are how you end up posting twice, so give each write a key!";

        var cold = Stopwatch.StartNew();
        var first = await host.Store.CheckDuplicateAsync(text);
        cold.Stop();
        const int Runs = 20;
        var warm = Stopwatch.StartNew();
        for (var i = 0; i < Runs; i++)
        {
            Assert.Equal("1904", (await host.Store.CheckDuplicateAsync(text + " " + i.ToString(CultureInfo.InvariantCulture))).MatchingTweetId);
        }
        warm.Stop();

        Assert.Equal((DuplicateVerdict.Duplicate, "1904"), (first.Verdict, first.MatchingTweetId));
        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Something else entirely, about cache expiry and keys.")).Verdict);
        // Reported, not asserted: docs/safety.md records the cost per check.
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"10001 posts in the window: first check {cold.ElapsedMilliseconds} ms, then {warm.ElapsedMilliseconds / (double)Runs:0.0} ms per check"));
    }
}
