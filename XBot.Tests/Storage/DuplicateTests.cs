using Microsoft.Extensions.Time.Testing;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

[Collection(InfrastructureCollection.Name)]
public sealed class DuplicateTests(InfrastructureFixture fixture)
{
    public static TheoryData<string> Modes => ["redis", "fallback"];

    private static Dictionary<string, string?>? SettingsFor(string mode) =>
        mode == "fallback" ? new() { ["REDIS_FALLBACK_MODE"] = "true" } : null;

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_stored_text_and_its_variants_are_duplicates_for_seven_days(string mode)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero));
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(SettingsFor(mode), clock);
        await host.WarmAsync();
        var store = host.Store;
        var source = mode == "redis" ? "redis" : "postgres";

        var stored = await store.StoreTweetAsync(new NewTweet("Big news: XBot 2.0 is out!", TweetId: "1001"));
        Assert.Equal(StoreTweetOutcome.Stored, stored.Outcome);

        foreach (var variant in new[] { "Big news: XBot 2.0 is out!", "big NEWS:   xbot 2.0 is out!", "Ｂｉｇ news: XBot 2.0 is\u200B out!\n" })
        {
            var check = await store.CheckDuplicateAsync(variant);
            Assert.Equal(DuplicateVerdict.Duplicate, check.Verdict);
            Assert.Equal("1001", check.MatchingTweetId);
            Assert.Equal(source, check.Source);
            Assert.False(check.Clears);
        }
        var other = await store.CheckDuplicateAsync("Big news: the docs site has a search box now");
        Assert.Equal(DuplicateVerdict.Unique, other.Verdict);
        Assert.True(other.Clears);

        clock.Advance(StoreLimits.DedupWindow - TimeSpan.FromSeconds(1));
        Assert.Equal(DuplicateVerdict.Duplicate, (await store.CheckDuplicateAsync("Big news: XBot 2.0 is out!")).Verdict);
        if (mode == "redis")
        {
            // Redis expires its key in real time; stand in for the passing week by expiring it now.
            await host.Get<RedisGate>().ExecuteAsync(db => db.KeyDeleteAsync(host.Get<RedisGate>().Keys.Dedup(stored.ContentHash!)), default);
        }
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(DuplicateVerdict.Unique, (await store.CheckDuplicateAsync("Big news: XBot 2.0 is out!")).Verdict);

        // After the window the text may be posted again, although the old post still exists.
        var again = await store.StoreTweetAsync(new NewTweet("Big news: XBot 2.0 is out!", TweetId: "2002"));
        Assert.Equal(StoreTweetOutcome.Stored, again.Outcome);
        Assert.Equal(2L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Empty_and_link_only_texts_are_never_duplicates_of_anything(string mode)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(SettingsFor(mode));
        await host.WarmAsync();
        var store = host.Store;

        Assert.Equal(StoreTweetOutcome.Stored, (await store.StoreTweetAsync(new NewTweet("https://example.com/a"))).Outcome);
        Assert.Equal(StoreTweetOutcome.Stored, (await store.StoreTweetAsync(new NewTweet("https://example.com/a"))).Outcome);
        Assert.Equal(StoreTweetOutcome.Stored, (await store.StoreTweetAsync(new NewTweet("#news @editor https://example.com/b"))).Outcome);

        foreach (var text in new[] { "", "   ", "https://example.com/a", "https://other.example", "#news", "@editor", "#news https://example.com/b" })
        {
            var check = await store.CheckDuplicateAsync(text);
            Assert.Equal(DuplicateVerdict.NotCheckable, check.Verdict);
            Assert.Null(check.ContentHash);
            Assert.NotNull(check.Reason);
        }
        // A real text is still unique although link-only posts exist.
        Assert.Equal(DuplicateVerdict.Unique, (await store.CheckDuplicateAsync("Something to say")).Verdict);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE content_hash IS NOT NULL"));
    }

    [Fact]
    public async Task When_neither_store_answers_the_check_fails_closed()
    {
        var deadRedis = $"127.0.0.1:{PortFinder.Free()},connectTimeout=500";
        var deadPostgres = $"Host=127.0.0.1;Port={PortFinder.Free()};Username=x;Password=x;Database=x;Timeout=2";
        await using var host = await StoreHost.StartAsync(deadRedis, deadPostgres, InfrastructureFixture.NewPrefix(), start: false);

        var check = await host.Store.CheckDuplicateAsync("Anything at all");

        Assert.Equal(DuplicateVerdict.Unknown, check.Verdict);
        Assert.False(check.Clears);
        Assert.NotNull(check.ContentHash);
    }

    [Fact]
    public async Task The_unique_index_stops_concurrent_stores_of_one_text()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i =>
            Task.Run(() => host.Store.StoreTweetAsync(new NewTweet(i % 2 == 0 ? "Same TEXT here" : "same text   here", TweetId: $"t{i}")))));

        Assert.Single(results, r => r.Outcome == StoreTweetOutcome.Stored);
        var winner = results.Single(r => r.Outcome == StoreTweetOutcome.Stored).TweetId;
        Assert.All(results.Where(r => r.Outcome == StoreTweetOutcome.Duplicate), r => Assert.Equal(winner, r.DuplicateOfTweetId));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Fact]
    public async Task The_index_is_the_last_line_of_defence_when_redis_misses_a_hash()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        // Without the near-duplicate check, which would otherwise find the text in PostgreSQL.
        await using var host = await scope.StartAsync(new Dictionary<string, string?> { ["Dedup:NearDuplicates"] = "false" });
        await host.WarmAsync();
        var stored = await host.Store.StoreTweetAsync(new NewTweet("Posted once"));
        var gate = host.Get<RedisGate>();
        await gate.ExecuteAsync(db => db.KeyDeleteAsync(gate.Keys.Dedup(stored.ContentHash!)), default);

        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Posted once")).Verdict);
        var second = await host.Store.StoreTweetAsync(new NewTweet("Posted once"));

        Assert.Equal(StoreTweetOutcome.Duplicate, second.Outcome);
        Assert.Equal(stored.TweetId, second.DuplicateOfTweetId);
    }

    [Fact]
    public async Task A_dead_post_frees_its_text()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        var queued = await host.Store.StoreTweetAsync(new NewTweet("Queued text", TweetStatus.Queued));
        Assert.Equal(DuplicateVerdict.Duplicate, (await host.Store.CheckDuplicateAsync("Queued text")).Verdict);

        Assert.True(await host.Store.SetTweetStatusAsync(queued.TweetId, TweetStatus.Refused, "test"));

        Assert.Equal(DuplicateVerdict.Unique, (await host.Store.CheckDuplicateAsync("Queued text")).Verdict);
        Assert.Equal(StoreTweetOutcome.Stored, (await host.Store.StoreTweetAsync(new NewTweet("Queued text"))).Outcome);
        Assert.False(await host.Store.SetTweetStatusAsync(queued.TweetId, TweetStatus.Queued, "test"), "reviving the refused post would duplicate the new one");
        Assert.Equal(2L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'TWEET_STORED'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'TWEET_STATUS_CHANGED'"));
    }
}
