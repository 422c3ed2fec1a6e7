using XBot.Core.Storage.Tweets;
using System.Text.Json.Nodes;
using XBot.Core.Posting.Lifecycle;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.XSimulator;
using Npgsql;
using StackExchange.Redis;

namespace XBot.Tests.Posting;

[Collection(InfrastructureCollection.Name)]
public sealed class PipelineCliTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Candidates_refresh_prints_its_counts_and_queues_durably()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);

        var result = await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        var report = JsonNode.Parse(result.Stdout)!;
        var queued = report["queued"]!.GetValue<int>();
        Assert.True(queued > 0);
        Assert.Equal(report["generated"]!.GetValue<int>(), queued + report["duplicates"]!.GetValue<int>() + report["refused"]!.GetValue<int>() + report["unchecked"]!.GetValue<int>());
        Assert.Equal(queued, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status = 'queued'"));
        Assert.NotEmpty(report["topTopics"]!.AsArray());
    }

    [Fact]
    public async Task Candidates_refresh_refuses_production_with_live_posts_and_changes_nothing()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);

        var result = await CliRunner.RunAsync(scope.Settings(new Dictionary<string, string?>
        {
            ["APP_ENV"] = "production",
            ["LIVE_POSTS"] = "true",
            ["TWITTER_API_KEY"] = "k",
            ["TWITTER_API_SECRET"] = "s",
            ["TWITTER_ACCESS_TOKEN"] = "t",
            ["TWITTER_ACCESS_TOKEN_SECRET"] = "ts",
        }), "candidates", "refresh");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("refuses to run in production while LIVE_POSTS=true", result.Stderr);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM tweets"));
    }

    [Fact]
    public async Task Candidates_clear_empties_the_queue_and_schedule_test_then_finds_nothing()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh")).ExitCode);

        var clear = await CliRunner.RunAsync(scope.Settings(), "candidates", "clear", "--actor", "oncall");
        var cycle = await CliRunner.RunAsync(scope.Settings(), "schedule", "test");

        Assert.Equal(0, clear.ExitCode);
        Assert.Contains("cleared", clear.Stdout);
        Assert.Equal(0L, await scope.ScalarAsync<long>($"SELECT count(*) FROM tweets WHERE status = '{TweetStatus.Queued}'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'CANDIDATES_CLEARED'"));
        Assert.Equal(0, cycle.ExitCode);
        Assert.Contains("Skipped", cycle.Stdout);
    }

    [Fact]
    public async Task Candidates_clear_refuses_an_empty_actor_and_clears_nothing()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh")).ExitCode);
        var queued = await scope.ScalarAsync<long>($"SELECT count(*) FROM tweets WHERE status = '{TweetStatus.Queued}'");

        var result = await CliRunner.RunAsync(scope.Settings(), "candidates", "clear", "--actor", " ");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--actor", result.Stderr);
        Assert.True(queued > 0);
        Assert.Equal(queued, await scope.ScalarAsync<long>($"SELECT count(*) FROM tweets WHERE status = '{TweetStatus.Queued}'"));
    }

    [Fact]
    public async Task FEATURE_FLAG_POSTING_false_stops_posting_without_touching_the_database_flags()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh")).ExitCode);

        var off = await CliRunner.RunAsync(scope.Settings(new Dictionary<string, string?> { ["FEATURE_FLAG_POSTING"] = "false" }), "schedule", "test");
        var bad = await CliRunner.RunAsync(scope.Settings(new Dictionary<string, string?> { ["FEATURE_FLAG_POSTING"] = "nope" }), "schedule", "test");

        Assert.Equal(0, off.ExitCode);
        Assert.Contains("the posting feature flag is off", off.Stdout);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("FEATURE_FLAG_POSTING is 'nope'; use true or false.", bad.Stderr);
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM bot_config WHERE key = 'feature_flags'"));
    }

    [Fact]
    public async Task Schedule_test_dry_run_decides_and_prints_but_changes_nothing_and_sends_nothing_even_live()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        await using var x = await XSimulatorHost.StartAsync();
        var live = scope.Settings(new Dictionary<string, string?>(x.ClientSettings) { ["LIVE_POSTS"] = "true", ["POST_FRACTION"] = "1" });
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh")).ExitCode);
        await ExecuteAsync(scope, "INSERT INTO bot_config (key, environment, value) VALUES ('quiet_hours', 'development', '[]')");
        var database = await DatabaseDigestAsync(scope);
        var redis = await RedisDigestAsync(scope);

        var result = await CliRunner.RunAsync(live, "schedule", "test", "--dry-run");

        Assert.True(result.ExitCode == 0, result.ToString());
        var shadow = Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith("SHADOW MODE - Would post: ", StringComparison.Ordinal));
        var text = shadow["SHADOW MODE - Would post: ".Length..];
        Assert.Equal(1L, await scope.ScalarAsync<long>($"SELECT count(*) FROM tweets WHERE status = 'queued' AND content = '{text.Replace("'", "''")}'"));
        Assert.Contains("DRY RUN (nothing changed) Shadowed", result.Stdout);
        Assert.Equal(database, await DatabaseDigestAsync(scope));
        Assert.Equal(redis, await RedisDigestAsync(scope));
        Assert.Empty(x.State.Requests.All());
        Assert.Empty(x.State.Posts.All());
    }

    [Fact]
    public async Task Schedule_test_prints_the_shadow_line_on_standard_output()
    {
        await using var scope = await StoreScope.CreateAsync(infrastructure);
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh")).ExitCode);
        await ExecuteAsync(scope, "INSERT INTO bot_config (key, environment, value) VALUES ('quiet_hours', 'development', '[]')");

        var result = await CliRunner.RunAsync(scope.Settings(new Dictionary<string, string?> { ["POST_FRACTION"] = "1" }), "schedule", "test");

        Assert.True(result.ExitCode == 0, result.ToString());
        var shadow = Assert.Single(result.Stdout.Split('\n'), l => l.StartsWith("SHADOW MODE - Would post: ", StringComparison.Ordinal));
        Assert.Equal(shadow["SHADOW MODE - Would post: ".Length..], await scope.ScalarAsync<string>($"SELECT content FROM tweets WHERE status = '{TweetStatus.Shadowed}'"));
    }

    private static async Task ExecuteAsync(StoreScope scope, string sql)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Every row of every table, hashed per table: equal digests mean nothing was written.</summary>
    private static async Task<Dictionary<string, string>> DatabaseDigestAsync(StoreScope scope)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1", connection))
        await using (var reader = await list.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                tables.Add(reader.GetString(0));
            }
        }
        var digest = new Dictionary<string, string>();
        foreach (var table in tables)
        {
            await using var hash = new NpgsqlCommand($"SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') FROM \"{table}\" t", connection);
            digest[table] = (string)(await hash.ExecuteScalarAsync())!;
        }
        Assert.Contains("tweets", digest.Keys);
        return digest;
    }

    /// <summary>Every key under the test's prefix with its serialized value.</summary>
    private static async Task<Dictionary<string, string>> RedisDigestAsync(StoreScope scope)
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync(scope.Redis);
        var db = redis.GetDatabase();
        var digest = new Dictionary<string, string>();
        await foreach (var key in redis.GetServer(redis.GetEndPoints()[0]).KeysAsync(pattern: scope.Prefix + "*"))
        {
            digest[key.ToString()] = Convert.ToBase64String(await db.KeyDumpAsync(key) ?? []);
        }
        return digest;
    }
}
