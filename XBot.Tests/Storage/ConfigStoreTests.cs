using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Config;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

[Collection(InfrastructureCollection.Name)]
public sealed class ConfigStoreTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Defaults_apply_until_a_value_is_stored()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();

        var entry = await host.Store.GetConfigAsync("post_interval_min");
        var config = await host.Store.GetBotConfigAsync();

        Assert.Equal(ConfigSource.Default, entry.Source);
        Assert.Equal(60, entry.Value.GetValue<int>());
        Assert.Equal(new RateLimitSettings(17, 4), config.RateLimits);
        Assert.Equal(0, config.PostFraction);
    }

    [Fact]
    public async Task A_change_is_stored_per_environment_and_audited_with_who_old_and_new()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        await using var staging = await scope.StartAsync(new Dictionary<string, string?> { ["APP_ENV"] = "staging" });

        var first = await host.Store.SetConfigAsync("epsilon", JsonValue.Create(0.35), "alice");
        var second = await host.Store.SetConfigAsync("epsilon", JsonValue.Create(0.5), "bob");
        var same = await host.Store.SetConfigAsync("epsilon", JsonValue.Create(0.5), "bob");

        Assert.True(first.Changed);
        Assert.Null(first.OldValue);
        Assert.Equal("0.35", second.OldValue!.ToJsonString());
        Assert.False(same.Changed);
        Assert.Equal(0.5, (await host.Store.GetBotConfigAsync()).Epsilon);
        Assert.Equal(ConfigSource.Database, (await host.Store.GetConfigAsync("epsilon")).Source);
        Assert.Equal(0.2, (await staging.Store.GetBotConfigAsync()).Epsilon);

        Assert.Equal(2L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CONFIG_CHANGED'"));
        Assert.Equal("bob|0.35|0.5|development", await scope.ScalarAsync<string>(
            """
            SELECT concat_ws('|', event_data->>'actor', event_data->>'old', event_data->>'new', event_data->>'environment')
            FROM audit_log WHERE event_type = 'CONFIG_CHANGED' ORDER BY id DESC LIMIT 1
            """));
    }

    [Theory]
    [InlineData("no_such_key", "1", "Unknown config key 'no_such_key'")]
    [InlineData("schema_version", "\"9.9.9\"", "migration runner")]
    [InlineData("fallback_mode", "{\"enabled\":true}", "fallback enable|disable")]
    [InlineData("post_fraction", "1.5", "post_fraction must be a number from 0.0 to 1.0")]
    [InlineData("post_interval_min", "5", "post_interval_min must be a whole number from 15 to 180")]
    [InlineData("max_hashtags", "9", "max_hashtags must be a whole number from 1 to 5")]
    [InlineData("quiet_hours", "[1,25]", "quiet_hours must be a list of distinct hours")]
    [InlineData("rate_limits", "{\"daily\":-1,\"hourly\":4}", "rate_limits must be an object")]
    [InlineData("feature_flags", "{\"posting\":150}", "feature_flags must be an object")]
    public async Task Bad_keys_and_values_are_refused_and_change_nothing(string key, string value, string message)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();

        var error = await Assert.ThrowsAsync<ConfigValidationException>(() => host.Store.SetConfigAsync(key, JsonNode.Parse(value), "alice"));

        Assert.Contains(message, error.Message);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key <> 'schema_version'"));
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log"));
    }

    [Fact]
    public async Task Oversized_values_and_missing_actors_are_refused()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();
        var flags = new JsonObject();
        for (var i = 0; i < 400; i++)
        {
            flags[$"flag_with_a_long_name_number_{i:D4}"] = true;
        }

        var oversized = await Assert.ThrowsAsync<ConfigValidationException>(() => host.Store.SetConfigAsync("feature_flags", flags, "alice"));
        var noActor = await Assert.ThrowsAsync<ArgumentException>(() => host.Store.SetConfigAsync("epsilon", JsonValue.Create(0.1), " "));

        Assert.Contains("at most 8192", oversized.Message);
        Assert.Contains("actor", noActor.Message);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key <> 'schema_version'"));
    }

    [Fact]
    public async Task POST_FRACTION_overrides_the_stored_value()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync(new Dictionary<string, string?> { ["POST_FRACTION"] = "0.7" });
        await host.Store.SetConfigAsync("post_fraction", JsonValue.Create(0.1), "alice");

        var entry = await host.Store.GetConfigAsync("post_fraction");

        Assert.Equal(ConfigSource.Environment, entry.Source);
        Assert.Equal(0.7, (await host.Store.GetBotConfigAsync()).PostFraction);
    }

    [Fact]
    public async Task A_change_reaches_another_process_through_pub_sub()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var writer = await scope.StartAsync();
        // A long local TTL and slow polling: only the pub/sub message can make the reader see the change in time.
        await using var reader = await scope.StartAsync(new Dictionary<string, string?>
        {
            ["DualStore:ConfigLocalTtl"] = "01:00:00",
            ["DualStore:ConfigPollInterval"] = "00:05:00",
        });
        await writer.WarmAsync();
        await reader.WarmAsync();
        Assert.Equal(0, (await reader.Store.GetBotConfigAsync()).PostFraction);

        await writer.Store.SetConfigAsync("post_fraction", JsonValue.Create(0.3), "alice");

        await Deadline.UntilAsync(async () => (await reader.Store.GetBotConfigAsync()).PostFraction == 0.3, "the reader did not see post_fraction 0.3", minutes: 1);
    }

    [Fact]
    public async Task A_change_reaches_a_process_without_redis_by_polling()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var writer = await scope.StartAsync();
        await using var reader = await scope.StartAsync(new Dictionary<string, string?>
        {
            ["USE_REDIS"] = "false",
            ["DualStore:ConfigLocalTtl"] = "01:00:00",
        });
        Assert.Equal(3, (await reader.Store.GetBotConfigAsync()).MaxHashtags);

        await writer.Store.SetConfigAsync("max_hashtags", JsonValue.Create(1), "alice");

        await Deadline.UntilAsync(async () => (await reader.Store.GetBotConfigAsync()).MaxHashtags == 1, "the reader did not see max_hashtags 1", minutes: 1);
    }

    [Fact]
    public async Task A_direct_SQL_change_reaches_a_running_process_that_has_pub_sub_and_a_long_local_ttl()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var reader = await scope.StartAsync(new Dictionary<string, string?> { ["DualStore:ConfigLocalTtl"] = "01:00:00" });
        await reader.WarmAsync();
        await reader.Store.SetConfigAsync("post_fraction", JsonValue.Create(0.5), "alice");
        Assert.Equal(0.5, (await reader.Store.GetBotConfigAsync()).PostFraction);

        // The runbooks' emergency brake, typed into psql: no pub/sub message, no updated_at, no API.
        await ExecuteAsync(scope, "UPDATE bot_config SET value='0' WHERE key='post_fraction'");

        await Deadline.UntilAsync(async () => (await reader.Store.GetBotConfigAsync()).PostFraction == 0, "the running process did not see the SQL brake", minutes: 1);

        await ExecuteAsync(scope, "DELETE FROM bot_config WHERE key = 'max_hashtags'; INSERT INTO bot_config (key, environment, value) VALUES ('max_hashtags', 'development', '1')");
        await Deadline.UntilAsync(async () => (await reader.Store.GetBotConfigAsync()).MaxHashtags == 1, "the running process did not see the SQL insert", minutes: 1);
    }

    [Fact]
    public async Task A_process_started_after_a_SQL_change_does_not_trust_the_older_Redis_copy()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using (var before = await scope.StartAsync())
        {
            await before.WarmAsync();
            await before.Store.SetConfigAsync("post_fraction", JsonValue.Create(0.5), "alice");
            Assert.Equal(0.5, (await before.Store.GetBotConfigAsync()).PostFraction);
        }

        await ExecuteAsync(scope, "UPDATE bot_config SET value='0' WHERE key='post_fraction'");
        await using var after = await scope.StartAsync();

        Assert.Equal(0, (await after.Store.GetBotConfigAsync()).PostFraction);
    }

    [Fact]
    public async Task The_change_counter_moves_on_every_kind_of_write_and_only_grows()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var versions = new List<long> { await scope.ScalarAsync<long>("SELECT version FROM bot_config_version") };
        foreach (var sql in new[]
        {
            "INSERT INTO bot_config (key, environment, value) VALUES ('epsilon', 'development', '0.3')",
            "UPDATE bot_config SET value = '0.4' WHERE key = 'epsilon'",
            "DELETE FROM bot_config WHERE key = 'epsilon'",
            "TRUNCATE bot_config",
        })
        {
            await ExecuteAsync(scope, sql);
            versions.Add(await scope.ScalarAsync<long>("SELECT version FROM bot_config_version"));
        }

        Assert.Equal(versions.Order(), versions);
        Assert.Equal(versions.Count, versions.Distinct().Count());
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config_version"));
    }

    [Fact]
    public async Task Feature_flags_are_laid_over_the_defaults()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var host = await scope.StartAsync();

        await host.Store.SetConfigAsync("feature_flags", JsonNode.Parse("""{"posting":false,"new_scorer":30}"""), "alice");
        var flags = (await host.Store.GetBotConfigAsync()).FeatureFlags;

        Assert.False(flags["posting"].Enabled);
        Assert.Equal(new FeatureFlagSetting(true, 30), flags["new_scorer"]);
        Assert.True(flags["monitoring"].Enabled);
    }

    private static async Task ExecuteAsync(StoreScope scope, string sql)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

}
