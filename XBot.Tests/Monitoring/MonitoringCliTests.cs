using System.Text.Json.Nodes;
using XBot.Core.Monitoring;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;

namespace XBot.Tests.Monitoring;

[Collection(InfrastructureCollection.Name)]
public sealed class MonitoringCliTests(InfrastructureFixture fixture)
{
    [Fact]
    public async Task Monitor_check_runs_each_pass_once_writes_its_rows_and_prunes_old_monitor_rows_only()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await ExecuteAsync(scope, """
            INSERT INTO system_health (timestamp, component, status, environment) VALUES
              (now() - interval '91 days', 'health', 'healthy', 'development'),
              (now() - interval '91 days', 'engagement_collection', 'healthy', 'development'),
              (now() - interval '89 days', 'performance', 'ok', 'development');
            """);

        var check = await CliRunner.RunAsync(scope.Settings(), "monitor", "check");

        Assert.True(check.ExitCode == 0, check.ToString());
        Assert.Equal(["health: healthy", "drift: ok", "performance: ok"], check.Stdout.Trim().Split('\n').Select(l => l.TrimEnd()));
        foreach (var (component, rows) in new[] { ("health", 1L), ("drift", 1L), ("performance", 2L), ("slo", 1L), ("engagement_collection", 1L) })
        {
            Assert.Equal(rows, await scope.ScalarAsync<long>($"SELECT count(*) FROM system_health WHERE component = '{component}'"));
        }
        Assert.Equal(0L, await scope.ScalarAsync<long>("SELECT count(*) FROM system_health WHERE component = 'health' AND timestamp < now() - interval '90 days'"));
    }

    [Fact]
    public async Task Monitor_check_exits_1_and_names_the_problem_when_a_condition_is_bad()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await ExecuteAsync(scope, "INSERT INTO tweets (tweet_id, content, status, posted_at) VALUES ('x1', 'long ago', 'posted', now() - interval '7 hours')");

        var check = await CliRunner.RunAsync(scope.Settings(), "monitor", "check");

        Assert.True(check.ExitCode == 1, check.ToString());
        Assert.Contains("health: warning", check.Stdout);
        Assert.Contains("  - No post for 7h (more than 6 h).", check.Stdout);
        // The first observation of a condition is not yet an alert (Monitor:ConfirmObservations, 2).
        Assert.Equal("pending", await scope.ScalarAsync<string>("SELECT status FROM alert_state WHERE condition = 'no_post'"));
    }

    [Fact]
    public async Task A_sync_backlog_over_5000_items_is_one_critical_alert_and_one_resolved_when_it_drains()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        await using var scope = await StoreScope.CreateAsync(fixture);
        var settings = scope.Settings(AlertWebhookTests.Settings(hook.Url));
        await using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(scope.Redis);
        var queue = new XBot.Core.Storage.Redis.RedisKeys(scope.Prefix).SyncQueue;
        await redis.GetDatabase().ListRightPushAsync(queue, [.. Enumerable.Range(0, 5001).Select(i => (StackExchange.Redis.RedisValue)$"item {i}")]);

        var first = await CliRunner.RunAsync(settings, "monitor", "check");
        var second = await CliRunner.RunAsync(settings, "monitor", "check");
        var third = await CliRunner.RunAsync(settings, "monitor", "check");
        await redis.GetDatabase().KeyDeleteAsync(queue);
        var drained = await CliRunner.RunAsync(settings, "monitor", "check");

        Assert.Equal([1, 1, 1, 0], new[] { first, second, third, drained }.Select(r => r.ExitCode));
        Assert.Contains("The sync queue holds 5001 items (critical over 5000)", first.Stdout);
        Assert.Equal([("firing", "CRITICAL", "SYNC_BACKLOG"), ("resolved", "CRITICAL", "SYNC_BACKLOG")],
            hook.Accepted.Select(n => ((string)n["status"]!, (string)n["severity"]!, (string)n["event"]!)));
    }

    [Fact]
    public async Task Monitor_report_prints_every_figure_and_each_slo_and_its_json_has_them_too()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var check = await CliRunner.RunAsync(scope.Settings(), "monitor", "check");
        Assert.True(check.ExitCode == 0, check.ToString());

        var text = await CliRunner.RunAsync(scope.Settings(), "monitor", "report");
        var json = await CliRunner.RunAsync(scope.Settings(), "monitor", "report", "--json", "--window-hours", "2");

        Assert.True(text.ExitCode == 0, text.ToString());
        Assert.StartsWith("Monitoring report for development at ", text.Stdout);
        foreach (var label in new[] { "Uptime: 100 %", "Error rate: n/a", "Posting p95: n/a", "API p95:", "DB p95:", "Queue: 0", "Sync queue: 0", "Sync lag: 0 s", "Drift: 0 %", "Backfill: n/a", "Alerts: none" })
        {
            Assert.Contains(label, text.Stdout);
        }
        Assert.Matches(@"uptime\s+100 %\s+target > 99\.9 %\s+met", text.Stdout);
        Assert.Matches(@"error_rate\s+n/a\s+target .*no_data", text.Stdout);
        Assert.Matches(@"Last passes: health \d{4}-\d\d-\d\dT[\d:]{8}Z, drift \d{4}", text.Stdout);
        var report = JsonNode.Parse(json.Stdout)!;
        Assert.Equal(2.0, (double)report["windowHours"]!);
        Assert.Equal(8, report["slos"]!.AsArray().Count);
        Assert.Equal("met", (string)report["slos"]!.AsArray().Single(s => (string)s!["name"]! == SloTargets.Uptime)!["status"]!);
    }

    [Fact]
    public async Task A_window_out_of_range_is_refused_with_exit_code_2_and_the_verbs_are_listed_in_help()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var bad = await CliRunner.RunAsync(scope.Settings(), "monitor", "report", "--window-hours", "0");
        var help = await CliRunner.RunAsync(scope.Settings(), "--help");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--window-hours must be a whole number of hours from 1 to 2160; got '0'", bad.Stderr);
        Assert.Matches(@"monitor report\s+Uptime, error rate", help.Stdout);
        Assert.Matches(@"monitor check\s+Run one health, drift and performance pass now", help.Stdout);
    }

    private static async Task ExecuteAsync(StoreScope scope, string sql)
    {
        await using var connection = new Npgsql.NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
