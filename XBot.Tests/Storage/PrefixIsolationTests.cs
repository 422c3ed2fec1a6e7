using StackExchange.Redis;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Maintenance;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

[Collection(InfrastructureCollection.Name)]
public sealed class PrefixIsolationTests(InfrastructureFixture fixture)
{
    // The runbook's own prefixes, in a Redis database no other test uses.
    private const int Database = 3;

    [Fact]
    public async Task Clearing_stg_caches_leaves_its_state_and_all_of_prod_untouched()
    {
        var redis = $"{fixture.RedisConnectionString},defaultDatabase={Database}";
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis);
        var db = connection.GetDatabase(Database);
        await DeleteAsync(db, "stg:");
        await DeleteAsync(db, "prod:");

        await using var stgScope = await StoreScope.CreateAsync(fixture, redis);
        await using var prodScope = await StoreScope.CreateAsync(fixture, redis);
        await using var stg = await StoreHost.StartAsync(redis, stgScope.Postgres, "stg:", new Dictionary<string, string?> { ["APP_ENV"] = "staging" });
        await using var prod = await StoreHost.StartAsync(redis, prodScope.Postgres, "prod:", new Dictionary<string, string?> { ["APP_ENV"] = "production" });
        foreach (var host in new[] { stg, prod })
        {
            await host.WarmAsync();
            await host.Store.StoreTweetAsync(new NewTweet("Same words in two environments"));
            await host.Store.CheckRateLimitAsync(RateLimitRules.DailyTweets);
            await host.Store.SetConfigAsync("max_hashtags", System.Text.Json.Nodes.JsonValue.Create(2), "test");
            var keys = host.Get<RedisGate>().Keys;
            await db.SortedSetAddAsync(keys.CandidateQueue, "candidate", 1);
            await db.ListRightPushAsync(keys.SyncQueue, "{}");
        }
        var stgBefore = await FamiliesAsync(stg);
        var prodBefore = await FamiliesAsync(prod);
        Assert.All(["rl", "dedup", "cache", "queue", "sync", "state"], f => Assert.True(stgBefore[f] > 0 && prodBefore[f] > 0, f));

        var deleted = await stg.Store.ClearCachesAsync("test");

        var stgAfter = await FamiliesAsync(stg);
        Assert.Equal(stgBefore["cache"], deleted);
        Assert.Equal(0, stgAfter["cache"]);
        Assert.All(stgBefore.Where(f => f.Key != "cache"), f => Assert.Equal(f.Value, stgAfter[f.Key]));
        Assert.Equal(prodBefore, await FamiliesAsync(prod));
        Assert.Equal(1L, await stgScope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CACHE_CLEARED'"));

        await DeleteAsync(db, "stg:");
        await DeleteAsync(db, "prod:");
    }

    private static async Task<Dictionary<string, long>> FamiliesAsync(StoreHost host) =>
        new((await host.Get<RedisMaintenance>().HealthAsync(default)).KeysPerFamily);

    private static async Task DeleteAsync(IDatabase db, string prefix) =>
        await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, new RedisKeys(prefix).AllPattern, default));
}
