using Aspire.Hosting.Testing;
using StackExchange.Redis;
using XBot.AppHost.Resources;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.AppHost;

public sealed class GarnetFallbackTests
{
    [Fact]
    public async Task Without_redis_server_the_cache_is_Garnet_from_the_tool_manifest()
    {
        var builder = AspireTestExtensions.CreateResourceBuilder("--AppHost:Redis=garnet");
        var cache = builder.AddRedisServer("cache");
        await using var app = await builder.BuildAsync();

        await app.StartAsync();
        await app.WaitForHealthyAsync(["cache"], Deadline.Minutes(3));

        Assert.Equal("dotnet", cache.Resource.Command);
        Assert.Contains(await ArgumentsAsync(cache.Resource), a => a.EndsWith("GarnetServer.dll", StringComparison.Ordinal));
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await app.GetConnectionStringAsync("cache"))!);
        var db = redis.GetDatabase();
        // The operations the dual store relies on: Lua scripts, counters, sorted sets, SET NX EX.
        Assert.Equal(1, (long)await db.ScriptEvaluateAsync("return redis.call('INCR', KEYS[1])", ["n"]));
        Assert.True(await db.SortedSetAddAsync("z", "a", 1));
        Assert.True(await db.StringSetAsync("k", "v", TimeSpan.FromSeconds(30), When.NotExists));
        Assert.False(await db.StringSetAsync("k", "v", TimeSpan.FromSeconds(30), When.NotExists));
    }

    private static async Task<List<string>> ArgumentsAsync(RedisServerResource resource)
    {
        var context = new Aspire.Hosting.ApplicationModel.CommandLineArgsCallbackContext([], resource);
        foreach (var callback in resource.Annotations.OfType<Aspire.Hosting.ApplicationModel.CommandLineArgsCallbackAnnotation>())
        {
            await callback.Callback(context);
        }
        return context.Args.Select(a => a.ToString()!).ToList();
    }
}
