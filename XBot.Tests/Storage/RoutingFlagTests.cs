using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using XBot.Core.Candidates;
using XBot.Core.Config;
using XBot.Core.Operations;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Api;
using XBot.Tests.Infrastructure;
using XBot.Tests.Worker;

namespace XBot.Tests.Storage;

/// <summary>
/// runbooks.md §6: the routing flags in <c>bot_config.feature_flags</c> route the dual store like their
/// environment switches (§2.1), in a running process, without a restart. Each test flips one flag from another
/// process (as the CLI or the api would) and shows the running store change where it serves the feature.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class RoutingFlagTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Redis_deduplication_off_makes_the_running_store_answer_duplicates_from_postgres_and_on_brings_redis_back()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var running = await scope.StartAsync();
        await running.WarmAsync();
        Assert.Equal(StoreTweetOutcome.Stored, (await running.Store.StoreTweetAsync(new NewTweet("Routing flags act at run time", TweetId: "9001"))).Outcome);
        Assert.Equal("redis", (await running.Store.CheckDuplicateAsync("Routing flags act at run time")).Source);

        await FlipAsync(scope, StoreRouting.DeduplicationFlag, false);
        await Deadline.UntilAsync(() => !running.Get<StoreFlags>().Current.Deduplication, "the running store did not see redis_deduplication off");
        var off = await running.Store.CheckDuplicateAsync("Routing flags act at run time");
        Assert.Equal((DuplicateVerdict.Duplicate, "postgres", "9001"), (off.Verdict, off.Source, off.MatchingTweetId));

        // Stored while Redis was bypassed: switching back on must not forget it.
        Assert.Equal(StoreTweetOutcome.Stored, (await running.Store.StoreTweetAsync(new NewTweet("Stored while dedup ran on PostgreSQL", TweetId: "9002"))).Outcome);
        await FlipAsync(scope, StoreRouting.DeduplicationFlag, true);
        await Deadline.UntilAsync(() => running.Get<StoreFlags>().Current.Deduplication && running.Store.Status.Mode == StoreMode.Normal,
            "the running store did not return to Redis for dedup after redis_deduplication on");
        var on = await running.Store.CheckDuplicateAsync("Stored while dedup ran on PostgreSQL");
        Assert.Equal((DuplicateVerdict.Duplicate, "redis", "9002"), (on.Verdict, on.Source, on.MatchingTweetId));
    }

    [Fact]
    public async Task Redis_rate_limiting_off_makes_the_running_store_count_in_postgres_without_losing_what_redis_admitted()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var running = await scope.StartAsync();
        await running.WarmAsync();
        var rule = new RateLimitRule("routing_test", 3, TimeSpan.FromHours(1));
        var first = await running.Store.CheckRateLimitAsync([rule]);
        Assert.Equal((true, RateLimitSource.Redis), (first.Allowed, first.Source));

        await FlipAsync(scope, StoreRouting.RateLimitingFlag, false);
        await Deadline.UntilAsync(() => !running.Get<StoreFlags>().Current.RateLimiting, "the running store did not see redis_rate_limiting off");
        var second = await running.Store.CheckRateLimitAsync([rule]);
        Assert.Equal((true, RateLimitSource.Postgres, 2), (second.Allowed, second.Source, second.Limits[0].Count));

        await FlipAsync(scope, StoreRouting.RateLimitingFlag, true);
        await Deadline.UntilAsync(() => running.Get<StoreFlags>().Current.RateLimiting && running.Store.Status.Mode == StoreMode.Normal,
            "the running store did not return to Redis for rate limits");
        // Redis was rebuilt with the event PostgreSQL admitted meanwhile: the third is the last one allowed.
        var third = await running.Store.CheckRateLimitAsync([rule]);
        Assert.Equal((true, RateLimitSource.Redis, 3), (third.Allowed, third.Source, third.Limits[0].Count));
        Assert.False((await running.Store.CheckRateLimitAsync([rule])).Allowed);
    }

    [Fact]
    public async Task Redis_cache_off_makes_the_running_store_read_config_from_postgres_and_write_no_redis_copy()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var running = await scope.StartAsync();
        await running.WarmAsync();
        var redis = running.Get<RedisGate>();
        var copy = redis.Keys.ConfigCache("development");
        var config = running.Get<ConfigStore>();

        await FlipAsync(scope, StoreRouting.CacheFlag, false);
        await Deadline.UntilAsync(() => !running.Get<StoreFlags>().Current.Cache, "the running store did not see redis_cache off");
        await redis.ExecuteAsync(db => db.KeyDeleteAsync(copy), CancellationToken.None);
        await config.SetAsync(BotConfigKeys.Epsilon, JsonValue.Create(0.3), "test");
        config.InvalidateLocal();
        Assert.Equal(0.3, (await config.GetBotConfigAsync()).Epsilon);
        Assert.False(await redis.ExecuteAsync(db => db.KeyExistsAsync(copy), CancellationToken.None), "a config copy was written to Redis with redis_cache off");

        await FlipAsync(scope, StoreRouting.CacheFlag, true);
        await Deadline.UntilAsync(() => running.Get<StoreFlags>().Current.Cache && running.Store.Status.Mode == StoreMode.Normal,
            "the running store did not return to Redis for the cache");
        config.InvalidateLocal();
        Assert.Equal(0.3, (await config.GetBotConfigAsync()).Epsilon);
        Assert.True(await redis.ExecuteAsync(db => db.KeyExistsAsync(copy), CancellationToken.None), "no config copy in Redis with redis_cache on");
    }

    [Fact]
    public async Task Redis_queue_off_keeps_candidates_out_of_redis_and_on_drops_the_stale_redis_queue()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var running = await scope.StartAsync();
        await running.WarmAsync();
        var redis = running.Get<RedisGate>();
        var queue = running.Get<CandidateQueue>();
        await queue.AddAsync(101, 5, CancellationToken.None);
        Assert.Equal(5, await redis.ExecuteAsync(db => db.SortedSetScoreAsync(redis.Keys.CandidateQueue, 101), CancellationToken.None));

        await FlipAsync(scope, StoreRouting.QueueFlag, false);
        await Deadline.UntilAsync(() => !running.Get<StoreFlags>().Current.Queue, "the running store did not see redis_queue off");
        await queue.AddAsync(102, 7, CancellationToken.None);
        Assert.Null(await redis.ExecuteAsync(db => db.SortedSetScoreAsync(redis.Keys.CandidateQueue, 102), CancellationToken.None));

        await FlipAsync(scope, StoreRouting.QueueFlag, true);
        await Deadline.UntilAsync(() => running.Get<StoreFlags>().Current.Queue && running.Store.Status.Mode == StoreMode.Normal,
            "the running store did not return to Redis for the queue");
        // The Redis copy missed 102; it is dropped so that the queue refills it from PostgreSQL, the truth.
        Assert.False(await redis.ExecuteAsync(db => db.KeyExistsAsync(redis.Keys.CandidateQueue), CancellationToken.None));
        await queue.AddAsync(103, 9, CancellationToken.None);
        Assert.Equal(9, await redis.ExecuteAsync(db => db.SortedSetScoreAsync(redis.Keys.CandidateQueue, 103), CancellationToken.None));
    }

    [Fact]
    public async Task Dual_write_off_leaves_admitted_rate_limit_events_to_the_sync_queue_and_on_writes_them_to_postgres_at_once()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var running = await scope.StartAsync();
        await running.WarmAsync();
        var limiter = running.Get<RateLimiter>();
        var rule = new RateLimitRule("dual_write_test", 10, TimeSpan.FromHours(1));
        const string Count = "SELECT count(*) FROM rate_limit_events WHERE limit_key = 'dual_write_test'";

        Assert.True((await limiter.CheckAsync([rule], CancellationToken.None)).Allowed);
        Assert.Equal(1L, await scope.ScalarAsync<long>(Count));

        await FlipAsync(scope, StoreRouting.DualWriteFlag, false);
        await Deadline.UntilAsync(() => !running.Get<StoreFlags>().Current.DualWrite, "the running store did not see dual_write off");
        var queued = await limiter.CheckAsync([rule], CancellationToken.None);
        Assert.Equal((true, RateLimitSource.Redis), (queued.Allowed, queued.Source));
        Assert.Equal(1L, await scope.ScalarAsync<long>(Count));
        var pending = await running.Get<XBot.Core.Storage.Sync.SyncQueue>().PendingAsync(100, CancellationToken.None);
        Assert.Single(pending!.Value.Events, e => e.Limit == "dual_write_test");

        await FlipAsync(scope, StoreRouting.DualWriteFlag, true);
        await Deadline.UntilAsync(() => running.Get<StoreFlags>().Current.DualWrite, "the running store did not see dual_write on");
        Assert.True((await limiter.CheckAsync([rule], CancellationToken.None)).Allowed);
        Assert.Equal(2L, await scope.ScalarAsync<long>(Count));
    }

    [Theory]
    [InlineData("REDIS_DEDUPLICATION")]
    [InlineData("FEATURE_FLAG_REDIS_DEDUPLICATION")]
    public async Task The_environment_holds_a_routing_flag_off_whatever_bot_config_says(string variable)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var running = await scope.StartAsync(new Dictionary<string, string?> { [variable] = "false" });
        await running.WarmAsync();

        await FlipAsync(scope, StoreRouting.DeduplicationFlag, true);
        await running.Get<StoreFlags>().RefreshAsync(CancellationToken.None);
        Assert.False(running.Get<StoreFlags>().Current.Deduplication);
        Assert.Equal("postgres", (await running.Store.CheckDuplicateAsync("Anything")).Source);
        var view = (await running.Get<FeatureFlagReport>().ReadAsync(CancellationToken.None)).Single(f => f.Name == StoreRouting.DeduplicationFlag);
        Assert.Equal((false, ConfigSource.Environment), (view.Enabled, view.Source));
    }

    [Fact]
    public async Task A_process_started_with_a_routing_flag_off_never_routes_that_feature_to_redis()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await FlipAsync(scope, StoreRouting.DeduplicationFlag, false);

        // Not started: no listener and no monitor, as in a CLI verb. The first store call reads the flags.
        await using var cli = await scope.StartAsync(start: false);
        Assert.Equal("postgres", (await cli.Store.CheckDuplicateAsync("Anything")).Source);
    }

    [Theory]
    [InlineData(StoreRouting.DualWriteFlag)]
    [InlineData(StoreRouting.RateLimitingFlag)]
    [InlineData(StoreRouting.CacheFlag)]
    [InlineData(StoreRouting.QueueFlag)]
    [InlineData(StoreRouting.DeduplicationFlag)]
    public async Task A_routing_flag_refuses_a_rollout_percentage_and_nothing_changes(string flag)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var cli = await scope.StartAsync(start: false);

        var error = await Assert.ThrowsAsync<ConfigValidationException>(() => cli.Get<FlagSwitches>().SetAsync(flag, JsonValue.Create(50), "test", CancellationToken.None));

        Assert.Contains($"'{flag}'", error.Message);
        Assert.Contains("not a rollout percentage", error.Message);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key = 'feature_flags'"));
    }

    [Fact]
    public async Task The_api_refuses_a_rollout_percentage_for_a_routing_flag_naming_the_flag()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var api = await ApiHost.StartAsync(scope);

        using var response = await api.Client.PutAsync("/api/flags/redis_cache", new StringContent("""{"value":50}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Contains("'redis_cache' routes a whole store", problem["errors"]!["feature_flags"]![0]!.GetValue<string>());
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key = 'feature_flags'"));
    }

    [Fact]
    public async Task A_routing_flag_flipped_through_the_api_reroutes_a_running_worker_within_5_seconds()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        // The shipped propagation settings (pub/sub, a 3 s poll of the change counter), not the tests' fast ones.
        var shipped = new Dictionary<string, string?> { ["DualStore:ConfigPollInterval"] = "00:00:03" };
        await using var worker = await WorkerHost.StartAsync(scope, shipped);
        await using var api = await ApiHost.StartAsync(scope, shipped);
        var store = worker.Services.GetRequiredService<IDualStore>();
        await store.RebuildRedisAsync("test");
        await Deadline.UntilAsync(() => store.Status.Mode == StoreMode.Normal, "the worker's store did not reach normal mode");
        Assert.Equal("redis", (await store.CheckDuplicateAsync("Anything")).Source);

        using var response = await api.Client.PutAsync("/api/flags/redis_deduplication", new StringContent("""{"value":false}""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var fiveSeconds = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        while ((await store.CheckDuplicateAsync("Anything", CancellationToken.None)).Source != "postgres")
        {
            Assert.False(fiveSeconds.IsCancellationRequested, "the running worker still checked duplicates in Redis 5 s after the flip");
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private static async Task FlipAsync(StoreScope scope, string flag, bool value)
    {
        // Another process, as the CLI or the api: it changes bot_config and announces it; it serves nothing.
        await using var other = await scope.StartAsync(start: false);
        await other.Get<FlagSwitches>().SetAsync(flag, JsonValue.Create(value), "test", CancellationToken.None);
    }
}
