using System.Text.Json;
using StackExchange.Redis;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

[Collection(InfrastructureCollection.Name)]
public sealed class StoreCliTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Redis_health_shows_ping_and_key_counts_per_family()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using (var host = await scope.StartAsync())
        {
            await host.WarmAsync();
            await host.Store.StoreTweetAsync(new NewTweet("Counted"));
        }

        var text = await CliRunner.RunAsync(scope.Settings(), "redis", "health");
        var json = await CliRunner.RunAsync(scope.Settings(), "redis", "health", "--json");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.Contains("Redis: OK", text.Stdout);
        Assert.Contains("ping", text.Stdout);
        Assert.Matches(@"dedup\s+1 keys", text.Stdout);
        Assert.Equal(0, json.ExitCode);
        using var doc = JsonDocument.Parse(json.Stdout);
        var report = doc.RootElement.GetProperty("report");
        Assert.True(report.GetProperty("pingMs").GetDouble() >= 0);
        Assert.Equal(1, report.GetProperty("keysPerFamily").GetProperty("dedup").GetInt32());
        Assert.Equal(scope.Prefix, report.GetProperty("prefix").GetString());
    }

    [Fact]
    public async Task Redis_health_exits_1_when_redis_does_not_answer()
    {
        await using var scope = await StoreScope.CreateAsync(fixture, $"127.0.0.1:{PortFinder.Free()},connectTimeout=500");

        var result = await CliRunner.RunAsync(scope.Settings(), "redis", "health", "--json");

        Assert.Equal(1, result.ExitCode);
        using var doc = JsonDocument.Parse(result.Stdout);
        Assert.False(doc.RootElement.GetProperty("ok").GetBoolean());
    }

    [Fact]
    public async Task Cache_clear_and_rebuild_work_on_this_prefix()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using (var host = await scope.StartAsync())
        {
            await host.WarmAsync();
            await host.Store.StoreTweetAsync(new NewTweet("Rebuild me"));
            await host.Store.SetConfigAsync("epsilon", System.Text.Json.Nodes.JsonValue.Create(0.3), "test");
        }
        await using var redis = await ConnectionMultiplexer.ConnectAsync(scope.Redis);
        var db = redis.GetDatabase();
        var keys = new RedisKeys(scope.Prefix);

        var cleared = await CliRunner.RunAsync(scope.Settings(), "cache", "clear", "--actor", "ops-alice");
        Assert.Equal(0, cleared.ExitCode);
        Assert.Contains("Deleted 1 cache keys", cleared.Stdout);
        Assert.False(await db.KeyExistsAsync(keys.ConfigCache("development")));
        Assert.True(await db.KeyExistsAsync(keys.WarmMarker));
        Assert.Equal("ops-alice", await scope.ScalarAsync<string>("SELECT event_data->>'actor' FROM audit_log WHERE event_type = 'CACHE_CLEARED'"));

        await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, keys.AllPattern, default));
        var rebuilt = await CliRunner.RunAsync(scope.Settings(), "cache", "rebuild", "--json");

        Assert.Equal(0, rebuilt.ExitCode);
        using var doc = JsonDocument.Parse(rebuilt.Stdout);
        Assert.Equal(1, doc.RootElement.GetProperty("report").GetProperty("dedupKeys").GetInt32());
        Assert.True(await db.KeyExistsAsync(keys.ConfigCache("development")));
        Assert.True(await db.KeyExistsAsync(keys.WarmMarker));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'REDIS_REBUILT' AND event_data->>'actor' LIKE 'cli:%'"));
    }

    [Fact]
    public async Task Cache_verbs_exit_1_when_redis_is_down()
    {
        await using var scope = await StoreScope.CreateAsync(fixture, $"127.0.0.1:{PortFinder.Free()},connectTimeout=500");

        var result = await CliRunner.RunAsync(scope.Settings(), "cache", "clear");

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith("error: Redis is unavailable", result.Stderr);
    }

    [Fact]
    public async Task Fallback_enable_status_and_disable()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var enabled = await CliRunner.RunAsync(scope.Settings(), "fallback", "enable", "--actor", "alice", "--reason", "maintenance");
        var status = await CliRunner.RunAsync(scope.Settings(), "fallback", "status", "--json");
        var disabled = await CliRunner.RunAsync(scope.Settings(), "fallback", "disable", "--actor", "bob");
        var after = await CliRunner.RunAsync(scope.Settings(), "fallback", "status");

        Assert.Equal(0, enabled.ExitCode);
        Assert.Contains("Manual fallback is ON", enabled.Stdout);
        Assert.Equal(0, status.ExitCode);
        using (var doc = JsonDocument.Parse(status.Stdout))
        {
            var report = doc.RootElement.GetProperty("report");
            Assert.True(report.GetProperty("manual").GetProperty("enabled").GetBoolean());
            Assert.Equal("alice", report.GetProperty("manual").GetProperty("actor").GetString());
            Assert.Equal("fallback", report.GetProperty("store").GetProperty("mode").GetString());
            Assert.Equal("postgres", report.GetProperty("routing").GetProperty("RateLimiting").GetString());
        }
        Assert.Equal(0, disabled.ExitCode);
        Assert.Contains("manual switch: off", after.Stdout);
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_MANUAL_ENABLED'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'FALLBACK_MANUAL_DISABLED'"));
    }

    [Fact]
    public async Task Audit_consistency_finds_drift_and_repairs_it()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        string hash;
        await using (var host = await scope.StartAsync())
        {
            await host.WarmAsync();
            hash = (await host.Store.StoreTweetAsync(new NewTweet("Audited post"))).ContentHash!;
        }
        var clean = await CliRunner.RunAsync(scope.Settings(), "audit", "consistency");
        Assert.Equal(0, clean.ExitCode);
        Assert.Contains("OK  drift 0.00%", clean.Stdout);
        Assert.Contains("sync queue   depth 0 (ok)", clean.Stdout);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(scope.Redis);
        await redis.GetDatabase().KeyDeleteAsync(new RedisKeys(scope.Prefix).Dedup(hash));

        var drift = await CliRunner.RunAsync(scope.Settings(), "audit", "consistency", "--json");
        var repaired = await CliRunner.RunAsync(scope.Settings(), "audit", "consistency", "--repair");

        Assert.Equal(1, drift.ExitCode);
        using (var doc = JsonDocument.Parse(drift.Stdout))
        {
            Assert.Equal("drift", doc.RootElement.GetProperty("report").GetProperty("verdict").GetString());
            Assert.True(doc.RootElement.GetProperty("report").GetProperty("driftPercent").GetDouble() > 1);
        }
        Assert.Equal(0, repaired.ExitCode);
        Assert.Contains("repaired:", repaired.Stdout);
        Assert.Contains("dedup +1/-0", repaired.Stdout);
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "audit", "consistency")).ExitCode);
    }

    [Fact]
    public async Task An_oversized_actor_is_bad_input()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var result = await CliRunner.RunAsync(scope.Settings(), "fallback", "enable", "--actor", new string('a', 300));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("actor", result.Stderr);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key <> 'schema_version'"));
    }

    [Fact]
    public async Task A_bad_setting_is_exit_code_2()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var result = await CliRunner.RunAsync(scope.Settings(new Dictionary<string, string?> { ["USE_REDIS"] = "maybe" }), "fallback", "status");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("USE_REDIS", result.Stderr);
    }
}
