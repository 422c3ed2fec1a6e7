using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

[Collection(InfrastructureCollection.Name)]
public sealed class RateLimitTests(InfrastructureFixture fixture)
{
    private static readonly Dictionary<string, string?> PinnedFallback = new() { ["REDIS_FALLBACK_MODE"] = "true" };

    public static TheoryData<string> Modes => ["redis", "fallback"];

    private static Dictionary<string, string?>? SettingsFor(string mode) => mode == "fallback" ? PinnedFallback : null;

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task Exactly_17_of_100_concurrent_daily_tweet_checks_pass(string mode)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(SettingsFor(mode));
        var store = host.Store;
        await host.WarmAsync();

        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => store.CheckRateLimitAsync(RateLimitRules.DailyTweets))));

        Assert.Equal(17, decisions.Count(d => d.Allowed));
        var expected = mode == "redis" ? RateLimitSource.Redis : RateLimitSource.Postgres;
        Assert.All(decisions, d => Assert.Equal(expected, d.Source));
        Assert.All(decisions.Where(d => !d.Allowed), d => Assert.True(d.RetryAfter > TimeSpan.Zero));
        // Both stores hold exactly the 17 admitted events.
        Assert.Equal(17L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events WHERE limit_key = 'daily_tweets'"));
        var peek = await store.PeekRateLimitAsync(RateLimitRules.DailyTweets);
        Assert.False(peek.Allowed);
        Assert.Equal(17, peek.Limits[0].Count);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_sliding_window_expires_and_refused_checks_never_extend_it(string mode)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(SettingsFor(mode), clock);
        var store = host.Store;
        await host.WarmAsync();
        var hourly = new RateLimitRule("hourly_test", 4, TimeSpan.FromHours(1));

        for (var i = 0; i < 4; i++)
        {
            Assert.True((await store.CheckRateLimitAsync([hourly])).Allowed);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        // Events at 09:00, 09:01, 09:02, 09:03. Keep knocking for the rest of the hour.
        for (var minute = 4; minute < 60; minute++)
        {
            var refused = await store.CheckRateLimitAsync([hourly]);
            Assert.False(refused.Allowed);
            Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), refused.Limits[0].ResetAt);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        // 10:00: the 09:00 event has left the window despite 56 refused checks; exactly one slot is free.
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 10, 0, 0, TimeSpan.Zero), clock.GetUtcNow());
        Assert.True((await store.CheckRateLimitAsync([hourly])).Allowed);
        Assert.False((await store.CheckRateLimitAsync([hourly])).Allowed);
        clock.Advance(TimeSpan.FromMinutes(1));
        Assert.True((await store.CheckRateLimitAsync([hourly])).Allowed);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task A_fixed_window_resets_at_its_boundary(string mode)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 50, 0, TimeSpan.Zero));
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(SettingsFor(mode), clock);
        var store = host.Store;
        await host.WarmAsync();
        var quota = new RateLimitRule("x_api_posts", 3, TimeSpan.FromHours(1), RateLimitWindow.Fixed);

        Assert.Equal(3, (await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.CheckRateLimitAsync([quota])))).Count(d => d.Allowed));
        clock.Advance(TimeSpan.FromMinutes(9) + TimeSpan.FromSeconds(59));
        var refused = await store.CheckRateLimitAsync([quota]);
        Assert.False(refused.Allowed);
        Assert.Equal(TimeSpan.FromSeconds(1), refused.RetryAfter);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(3, (await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => store.CheckRateLimitAsync([quota])))).Count(d => d.Allowed));
    }

    [Fact]
    public async Task A_real_short_window_expires_while_it_is_being_checked()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        var store = host.Store;
        await host.WarmAsync();
        // Real time, on purpose: Redis's own expiry is what is checked. Three seconds leave a slow machine time for
        // the refused checks between the admits and the window's end, which is all the test needs of the clock.
        var rule = new RateLimitRule("burst", 2, TimeSpan.FromSeconds(3));
        var gate = host.Get<RedisGate>();
        var key = gate.Keys.SlidingWindow("burst", 3000);

        Assert.True((await store.CheckRateLimitAsync([rule])).Allowed);
        Assert.True((await store.CheckRateLimitAsync([rule])).Allowed);
        var ttlAfterAdmits = await gate.ExecuteAsync(db => db.KeyTimeToLiveAsync(key), default);

        // The old bot reset the expiry on every check, so constant checking kept the window shut for ever.
        var refusals = 0;
        var admitted = false;
        var deadline = Deadline.Minutes(1);
        while (!admitted)
        {
            Assert.False(deadline.IsCancellationRequested, "the window never expired");
            admitted = (await store.CheckRateLimitAsync([rule])).Allowed;
            if (!admitted && ++refusals == 1)
            {
                var ttl = await gate.ExecuteAsync(db => db.KeyTimeToLiveAsync(key), default);
                Assert.True(ttl <= ttlAfterAdmits, $"a refused check moved the expiry from {ttlAfterAdmits} to {ttl}");
            }
        }
        Assert.True(refusals >= 1, "a check right after two admits should have been refused");
    }

    [Fact]
    public async Task Fallback_counts_agree_with_redis_counts()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var normal = await scope.StartAsync();
        await using var fallback = await scope.StartAsync(PinnedFallback);
        await normal.WarmAsync();
        var rules = new[] { new RateLimitRule("agree_sliding", 10, TimeSpan.FromHours(1)), new RateLimitRule("agree_fixed", 10, TimeSpan.FromDays(1), RateLimitWindow.Fixed) };

        async Task AssertAgree(int expected)
        {
            var viaRedis = await normal.Store.PeekRateLimitAsync(rules);
            var viaPostgres = await fallback.Store.PeekRateLimitAsync(rules);
            Assert.Equal(RateLimitSource.Redis, viaRedis.Source);
            Assert.Equal(RateLimitSource.Postgres, viaPostgres.Source);
            Assert.Equal([expected, expected], viaRedis.Limits.Select(l => l.Count));
            Assert.Equal([expected, expected], viaPostgres.Limits.Select(l => l.Count));
        }

        // Admitted by Redis, mirrored to PostgreSQL.
        await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => normal.Store.CheckRateLimitAsync(rules)));
        await AssertAgree(6);

        // Admitted by PostgreSQL while in fallback; Redis learns them when it is rebuilt (as on recovery).
        var inFallback = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => fallback.Store.CheckRateLimitAsync(rules)));
        Assert.Equal(4, inFallback.Count(d => d.Allowed));
        await normal.Store.RebuildRedisAsync("test");
        await AssertAgree(10);
        Assert.False((await normal.Store.CheckRateLimitAsync(rules)).Allowed);
        Assert.Equal(0, (await normal.Store.AuditConsistencyAsync(repair: false, "test")).DriftPercent);
    }

    [Fact]
    public async Task A_check_of_several_limits_counts_in_all_or_none()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        var wide = new RateLimitRule("wide", 10, TimeSpan.FromHours(1));
        var narrow = new RateLimitRule("narrow", 2, TimeSpan.FromHours(1));

        var decisions = new List<RateLimitDecision>();
        for (var i = 0; i < 5; i++)
        {
            decisions.Add(await host.Store.CheckRateLimitAsync([wide, narrow]));
        }

        Assert.Equal(2, decisions.Count(d => d.Allowed));
        var peek = await host.Store.PeekRateLimitAsync([wide, narrow]);
        Assert.Equal([2, 2], peek.Limits.Select(l => l.Count));
    }

    [Fact]
    public async Task Peek_does_not_consume()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();

        for (var i = 0; i < 5; i++)
        {
            var peek = await host.Store.PeekRateLimitAsync(RateLimitRules.HourlyTweets);
            Assert.True(peek.Allowed);
            Assert.Equal(0, peek.Limits[0].Count);
            Assert.Equal(4, peek.Limits[0].Remaining);
        }
        Assert.True((await host.Store.CheckRateLimitAsync(RateLimitRules.HourlyTweets)).Allowed);
        Assert.Equal(3, (await host.Store.PeekRateLimitAsync(RateLimitRules.HourlyTweets)).Limits[0].Remaining);
    }

    [Fact]
    public async Task Named_limits_follow_the_rate_limits_config()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        await host.Store.SetConfigAsync("rate_limits", System.Text.Json.Nodes.JsonNode.Parse("""{"daily":3,"hourly":2}"""), "test");

        var decisions = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => host.Store.CheckRateLimitAsync(RateLimitRules.DailyTweets)));

        Assert.Equal(3, decisions.Count(d => d.Allowed));
        Assert.All(decisions, d => Assert.Equal(3, d.Limits[0].Limit));
        await Assert.ThrowsAsync<ArgumentException>(() => host.Store.CheckRateLimitAsync("weekly_tweets"));
    }

    [Theory]
    [InlineData("Bad Name", 1, 1000)]
    [InlineData("ok", 0, 1000)]
    [InlineData("ok", 1, 50)]
    [InlineData("ok", 1, 8 * 86_400_000L)]
    public async Task Bad_rules_are_refused_naming_the_problem(string name, int limit, long windowMs)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(start: false);
        var error = await Assert.ThrowsAsync<ArgumentException>(() => host.Store.CheckRateLimitAsync([new RateLimitRule(name, limit, TimeSpan.FromMilliseconds(windowMs))]));
        Assert.Contains("rate limit", error.Message);
    }

    [Fact]
    public async Task When_neither_store_answers_a_check_is_refused()
    {
        var deadRedis = $"127.0.0.1:{PortFinder.Free()},connectTimeout=500";
        var deadPostgres = $"Host=127.0.0.1;Port={PortFinder.Free()};Username=x;Password=x;Database=x;Timeout=2";
        await using var host = await StoreHost.StartAsync(deadRedis, deadPostgres, InfrastructureFixture.NewPrefix(), start: false);

        var decision = await host.Store.CheckRateLimitAsync([new RateLimitRule("anything", 100, TimeSpan.FromHours(1))]);

        Assert.False(decision.Allowed);
        Assert.Equal(RateLimitSource.Unavailable, decision.Source);
    }
}
