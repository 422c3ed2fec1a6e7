using Microsoft.Extensions.DependencyInjection;
using XBot.Core.Posting.XApi;
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
    [InlineData("true")]
    [InlineData("false")]
    public async Task A_restarted_worker_sends_nothing_before_a_reset_X_announced_to_its_predecessor(string useRedisAfterRestart)
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        var clock = PipelineHost.NewClock();
        await using var x = await XSimulatorHost.StartAsync(baseClock: clock);
        var settings = new Dictionary<string, string?>(x.ClientSettings) { ["LIVE_POSTS"] = "true" };
        x.State.Faults.Add(SimFault.RateLimitStorm, XEndpoints.CreateTweet, duration: TimeSpan.FromHours(1));

        PostResult.RateLimited first;
        await using (var before = await PipelineHost.StartAsync(scope, clock, settings))
        {
            first = Assert.IsType<PostResult.RateLimited>(await before.Get<IXApiClient>().PostTweetAsync("Before the restart.").Soon());
        }
        // After the restart; without Redis the state comes back from PostgreSQL.
        await using var after = await PipelineHost.StartAsync(scope, clock, new Dictionary<string, string?>(settings) { ["USE_REDIS"] = useRedisAfterRestart });
        var second = Assert.IsType<PostResult.RateLimited>(await after.Get<IXApiClient>().PostTweetAsync("After the restart.").Soon());

        Assert.True(first.Sent);
        Assert.False(second.Sent);
        Assert.Equal(first.Until, second.Until);
        Assert.Equal(1, x.State.Requests.Count(XEndpoints.CreateTweet));
        Assert.True(await scope.ScalarAsync<long>("SELECT count(*) FROM x_rate_limit_windows WHERE endpoint = 'POST /2/tweets' AND remaining = 0") >= 1);
    }
}
