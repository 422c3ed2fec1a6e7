using StackExchange.Redis;
using XBot.Core.Posting.XApi;
using XBot.Core.Storage.Redis;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.XSimulator;
using XBot.XSimulator.Simulation;

namespace XBot.Tests.Posting.XApi;

/// <summary>The X client's rate-limit state outlives the process: in Redis under the prefix, and in PostgreSQL when Redis can't answer.</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class XRateLimitPersistenceTests(InfrastructureFixture infrastructure)
{
    [Theory]
    [InlineData("both")]
    [InlineData("redis only")]
    [InlineData("postgres only")]
    public async Task A_restarted_worker_sends_nothing_before_a_reset_X_announced_to_its_predecessor(string storesAfterRestart)
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(baseClock: clock);
        var settings = new Dictionary<string, string?>(x.ClientSettings) { ["LIVE_POSTS"] = "true" };
        x.State.Faults.Add(SimFault.RateLimitStorm, XEndpoints.CreateTweet, duration: TimeSpan.FromHours(1));

        PostResult.RateLimited first;
        await using (var before = await PipelineHost.StartAsync(scope, clock, settings))
        {
            await Deadline.UntilAsync(() => before.Get<RedisGate>().IsConnected, "Redis to connect");
            first = Assert.IsType<PostResult.RateLimited>(await before.Get<IXApiClient>().PostTweetAsync("Before the restart.").Soon());
        }
        var inRedis = await RedisKeysAsync(scope);
        var inPostgres = await scope.ScalarAsync<long>("SELECT count(*) FROM x_rate_limit_windows WHERE endpoint = 'POST /2/tweets' AND remaining = 0");
        if (storesAfterRestart == "redis only")
        {
            await scope.ScalarAsync<int>("WITH gone AS (DELETE FROM x_rate_limit_windows RETURNING 1) SELECT count(*)::int FROM gone");
        }
        await using var after = await PipelineHost.StartAsync(scope, clock,
            new Dictionary<string, string?>(settings) { ["USE_REDIS"] = storesAfterRestart == "postgres only" ? "false" : "true" });
        if (storesAfterRestart != "postgres only")
        {
            await Deadline.UntilAsync(() => after.Get<RedisGate>().IsConnected, "Redis to connect");
        }
        var second = Assert.IsType<PostResult.RateLimited>(await after.Get<IXApiClient>().PostTweetAsync("After the restart.").Soon());

        Assert.True(first.Sent);
        Assert.False(second.Sent);
        Assert.Equal(first.Until, second.Until);
        Assert.Equal(1, x.State.Requests.Count(XEndpoints.CreateTweet));
        Assert.Contains($"{scope.Prefix}state:x_api_rl:POST_/2/tweets:Throttled", inRedis);
        Assert.True(inPostgres >= 1);
    }

    private static async Task<IReadOnlyList<string>> RedisKeysAsync(StoreScope scope)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(scope.Redis);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        return server.Keys(pattern: scope.Prefix + "state:x_api_rl:*").Select(k => k.ToString()).ToList();
    }
}
