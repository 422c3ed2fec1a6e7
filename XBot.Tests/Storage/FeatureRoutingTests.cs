using XBot.Core.Configuration;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;

namespace XBot.Tests.Storage;

public sealed class FeatureRoutingTests
{
    [Theory]
    [InlineData(null, StoreMode.Normal, "RateLimiting,Cache,Queue,Deduplication")]
    [InlineData("USE_REDIS", StoreMode.Normal, "")]
    [InlineData("REDIS_RATE_LIMITING", StoreMode.Normal, "Cache,Queue,Deduplication")]
    [InlineData("REDIS_CACHE", StoreMode.Normal, "RateLimiting,Queue,Deduplication")]
    [InlineData("REDIS_QUEUE", StoreMode.Normal, "RateLimiting,Cache,Deduplication")]
    [InlineData("REDIS_DEDUPLICATION", StoreMode.Normal, "RateLimiting,Cache,Queue")]
    [InlineData(null, StoreMode.Recovering, "")]
    [InlineData(null, StoreMode.Fallback, "")]
    public void Each_switch_routes_its_feature_to_postgres(string? switchedOff, StoreMode mode, string servedByRedis)
    {
        var options = Options(switchedOff);

        var redis = Enum.GetValues<StoreFeature>().Where(f => FeatureRouting.UsesRedis(f, options, mode));

        Assert.Equal(servedByRedis, string.Join(",", redis));
    }

    [Theory]
    [InlineData(true, true, StoreMode.Normal, false)]
    [InlineData(false, true, StoreMode.Normal, true)]
    [InlineData(false, false, StoreMode.Normal, false)]
    [InlineData(false, true, StoreMode.Fallback, false)]
    public void Only_without_dual_write_do_rate_limit_events_wait_in_the_sync_queue(bool dualWrite, bool redisQueue, StoreMode mode, bool queued)
    {
        var options = new XBotOptions { DualWriteEnabled = dualWrite, RedisQueue = redisQueue };
        Assert.Equal(queued, FeatureRouting.MirrorsThroughSyncQueue(options, mode));
    }

    [Fact]
    public void Processes_start_pinned_by_the_environment_switches()
    {
        Assert.Equal((StoreMode.Fallback, FallbackReason.RedisDisabled), FeatureRouting.Initial(new XBotOptions { UseRedis = false, RedisFallbackMode = true }));
        Assert.Equal((StoreMode.Fallback, FallbackReason.Environment), FeatureRouting.Initial(new XBotOptions { RedisFallbackMode = true }));
        Assert.Equal((StoreMode.Normal, FallbackReason.None), FeatureRouting.Initial(new XBotOptions()));
    }

    [Fact]
    public void Every_key_is_under_the_prefix_in_its_family()
    {
        var keys = new RedisKeys("stg:");
        var built = new (StackExchange.Redis.RedisKey Key, KeyFamily Family)[]
        {
            (keys.SlidingWindow("daily_tweets", 86_400_000), KeyFamily.RateLimit),
            (keys.FixedWindow("x_api", 900_000, 42), KeyFamily.RateLimit),
            (keys.Dedup("abc"), KeyFamily.Dedup),
            (keys.ConfigCache("staging"), KeyFamily.Cache),
            (keys.CandidateQueue, KeyFamily.Queue),
            (keys.SyncQueue, KeyFamily.Sync),
            (keys.SyncDeadLetters, KeyFamily.Sync),
            (keys.SyncLease, KeyFamily.Sync),
            (keys.BanditArm("topic:ai"), KeyFamily.Bandit),
            (keys.LastPostAt, KeyFamily.State),
            (keys.TopicsLast24h, KeyFamily.State),
            (keys.WarmMarker, KeyFamily.State),
        };

        Assert.All(built, b =>
        {
            Assert.StartsWith("stg:", b.Key.ToString());
            Assert.Equal(b.Family, keys.FamilyOf(b.Key.ToString()));
        });
        Assert.Null(keys.FamilyOf("prod:cache:config:production"));
        Assert.Equal("stg:cache:*", keys.Pattern(KeyFamily.Cache));
        Assert.Equal(@"a\*b\?:cache:*", new RedisKeys("a*b?:").Pattern(KeyFamily.Cache));
    }

    private static XBotOptions Options(string? switchedOff) => new()
    {
        UseRedis = switchedOff != "USE_REDIS",
        RedisRateLimiting = switchedOff != "REDIS_RATE_LIMITING",
        RedisCache = switchedOff != "REDIS_CACHE",
        RedisQueue = switchedOff != "REDIS_QUEUE",
        RedisDeduplication = switchedOff != "REDIS_DEDUPLICATION",
    };
}
