using Microsoft.Extensions.Time.Testing;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using XBot.AppHost.Resources;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Maintenance;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

/// <summary>A Garnet server (the AppHost's fallback when redis-server is missing) for the tests where it could differ.</summary>
public sealed class GarnetFixture : IAsyncLifetime
{
    private DistributedApplication _app = default!;

    public string ConnectionString { get; private set; } = "";

    /// <summary>"garnet" when the server runs Garnet's dll, as asked.</summary>
    public string Kind { get; private set; } = "";

    public async Task InitializeAsync()
    {
        var builder = AspireTestExtensions.CreateResourceBuilder("--AppHost:Redis=garnet");
        var cache = builder.AddRedisServer("cache");
        Kind = cache.Resource.Command == "dotnet" ? "garnet" : "redis";
        _app = await builder.BuildAsync();
        await _app.StartAsync();
        await _app.WaitForHealthyAsync(["cache"], Deadline.Minutes(3));
        ConnectionString = (await _app.GetConnectionStringAsync("cache"))!;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();
}

[Collection(InfrastructureCollection.Name)]
public sealed class GarnetTests(InfrastructureFixture fixture, GarnetFixture garnet) : IClassFixture<GarnetFixture>
{
    [Fact]
    public async Task Exactly_17_of_100_concurrent_checks_pass_on_garnet()
    {
        await using var scope = await StoreScope.CreateAsync(fixture, garnet.ConnectionString);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();
        Assert.Equal("garnet", garnet.Kind);
        Assert.True((await host.Get<RedisMaintenance>().HealthAsync(default)).Reachable);

        var decisions = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(() => host.Store.CheckRateLimitAsync(RateLimitRules.DailyTweets))));

        Assert.Equal(17, decisions.Count(d => d.Allowed));
        Assert.All(decisions, d => Assert.Equal(RateLimitSource.Redis, d.Source));
        Assert.Equal(17L, await scope.ScalarAsync<long>("SELECT count(*) FROM rate_limit_events"));
    }

    [Fact]
    public async Task Windows_expire_on_garnet_and_refused_checks_do_not_extend_them()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 9, 30, 0, TimeSpan.Zero));
        await using var scope = await StoreScope.CreateAsync(fixture, garnet.ConnectionString);
        await using var host = await scope.StartAsync(time: clock);
        await host.WarmAsync();
        var sliding = new RateLimitRule("g_sliding", 2, TimeSpan.FromHours(1));
        var fixedWindow = new RateLimitRule("g_fixed", 2, TimeSpan.FromHours(1), RateLimitWindow.Fixed);

        foreach (var rule in new[] { sliding, fixedWindow })
        {
            Assert.True((await host.Store.CheckRateLimitAsync([rule])).Allowed);
            Assert.True((await host.Store.CheckRateLimitAsync([rule])).Allowed);
        }
        for (var minute = 0; minute < 30; minute++)
        {
            Assert.False((await host.Store.CheckRateLimitAsync([sliding])).Allowed);
            Assert.False((await host.Store.CheckRateLimitAsync([fixedWindow])).Allowed);
            clock.Advance(TimeSpan.FromMinutes(1));
        }
        // 10:00: the fixed window has turned over; the sliding one frees at 10:30.
        Assert.True((await host.Store.CheckRateLimitAsync([fixedWindow])).Allowed);
        Assert.False((await host.Store.CheckRateLimitAsync([sliding])).Allowed);
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.True((await host.Store.CheckRateLimitAsync([sliding])).Allowed);
        Assert.Equal(0, (await host.Store.AuditConsistencyAsync(repair: false, "test")).DriftPercent);
    }

    [Fact]
    public async Task Dedup_works_on_garnet()
    {
        await using var scope = await StoreScope.CreateAsync(fixture, garnet.ConnectionString);
        await using var host = await scope.StartAsync();
        await host.WarmAsync();

        var stored = await host.Store.StoreTweetAsync(new NewTweet("Garnet speaks RESP"));
        var variant = await host.Store.CheckDuplicateAsync("  GARNET speaks   resp ");
        var other = await host.Store.CheckDuplicateAsync("Garnet speaks Lua");
        var linkOnly = await host.Store.CheckDuplicateAsync("https://github.com/microsoft/garnet");
        var again = await host.Store.StoreTweetAsync(new NewTweet("garnet SPEAKS resp"));

        Assert.Equal((DuplicateVerdict.Duplicate, "redis", stored.TweetId), (variant.Verdict, variant.Source, variant.MatchingTweetId));
        Assert.Equal((DuplicateVerdict.Unique, "redis"), (other.Verdict, other.Source));
        Assert.Equal(DuplicateVerdict.NotCheckable, linkOnly.Verdict);
        Assert.Equal(StoreTweetOutcome.Duplicate, again.Outcome);
        var audit = await host.Store.AuditConsistencyAsync(repair: false, "test");
        Assert.Equal(0, audit.DriftPercent);
        Assert.Equal(1, audit.Areas.Single(a => a.Area == "dedup").Compared);
    }

    [Fact]
    public async Task Config_changes_reach_another_process_over_garnet_pub_sub()
    {
        await using var scope = await StoreScope.CreateAsync(fixture, garnet.ConnectionString);
        await using var writer = await scope.StartAsync();
        await using var reader = await scope.StartAsync(new Dictionary<string, string?>
        {
            ["DualStore:ConfigLocalTtl"] = "01:00:00",
            ["DualStore:ConfigPollInterval"] = "00:05:00",
        });
        await writer.WarmAsync();
        await reader.WarmAsync();
        Assert.Equal(60, (await reader.Store.GetBotConfigAsync()).PostIntervalMin);

        await writer.Store.SetConfigAsync("post_interval_min", System.Text.Json.Nodes.JsonValue.Create(90), "test");

        var deadline = Deadline.Minutes(1);
        while ((await reader.Store.GetBotConfigAsync()).PostIntervalMin != 90)
        {
            Assert.False(deadline.IsCancellationRequested, "the change did not arrive");
            await Task.Delay(50, CancellationToken.None);
        }
    }
}
