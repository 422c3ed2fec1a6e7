using StackExchange.Redis;
using XBot.AppHost.Hosting.Testing;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

public sealed class GarnetFallbackTests
{
    [Fact]
    public async Task Without_redis_server_the_cache_is_Garnet_from_the_tool_manifest()
    {
        var builder = DistributedApplicationTestingBuilder.Create(new Dictionary<string, string?> { ["AppHost:Redis"] = "garnet" });
        builder.AddRedis("cache");
        await using var app = builder.Build();

        await app.StartAsync();
        await app.WaitForResourceHealthyAsync("cache", Deadline.Minutes(3));

        Assert.Equal("garnet", app.GetResource("cache").Kind);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(app.GetConnectionString("cache")!);
        var db = redis.GetDatabase();
        // The operations the dual store relies on: Lua scripts, counters, sorted sets, SET NX EX.
        Assert.Equal(1, (long)await db.ScriptEvaluateAsync("return redis.call('INCR', KEYS[1])", ["n"]));
        Assert.True(await db.SortedSetAddAsync("z", "a", 1));
        Assert.True(await db.StringSetAsync("k", "v", TimeSpan.FromSeconds(30), When.NotExists));
        Assert.False(await db.StringSetAsync("k", "v", TimeSpan.FromSeconds(30), When.NotExists));
    }
}
