using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

/// <summary>"Not connected yet" is not "Redis failed": a slow first connect raises no fallback alarm.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class StartupConnectTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Calls_made_while_the_first_connect_is_slow_are_served_without_a_false_FALLBACK_ACTIVATED()
    {
        var server = fixture.RedisConnectionString.Split(',')[0];
        var colon = server.LastIndexOf(':');
        await using var proxy = new SlowStartTcpProxy(server[..colon], int.Parse(server[(colon + 1)..], System.Globalization.CultureInfo.InvariantCulture), TimeSpan.FromSeconds(2));
        await using var scope = await StoreScope.CreateAsync(fixture, redis: $"127.0.0.1:{proxy.Port}");
        await using var host = await scope.StartAsync();
        var rule = new RateLimitRule("startup", 1_000, TimeSpan.FromHours(1));

        // A burst at once, while the client is still making its first connection (over the 500 ms call timeout).
        var decisions = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(() => host.Store.CheckRateLimitAsync([rule]))));
        await host.Get<RedisGate>().WaitUntilConnectedAsync(Deadline.Minutes(1));
        await host.WarmAsync();

        Assert.All(decisions, d => Assert.True(d.Allowed, d.Error));
        Assert.NotEqual(FallbackReason.RedisFailure, host.Store.Status.Reason);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_ACTIVATED'"));
    }
}
