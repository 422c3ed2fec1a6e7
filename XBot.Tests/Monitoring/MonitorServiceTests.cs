using Aspire.Hosting.Testing;
using XBot.AppHost.Resources;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using XBot.Core.Monitoring;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.Tests.Worker;
using XBot.Worker.Services;

namespace XBot.Tests.Monitoring;

/// <summary>The worker's monitor end to end: a real Redis outage, the gate (MONITORING_ENABLED and the flag).</summary>
[Collection(InfrastructureCollection.Name)]
public sealed class MonitorServiceTests(InfrastructureFixture fixture)
{
    private const string RedisDownRows = "SELECT count(*) FROM system_health WHERE component = 'health' AND metrics ->> 'redis_ok' = 'false'";
    private const string RedisUpRows = "SELECT count(*) FROM system_health WHERE component = 'health' AND metrics ->> 'redis_ok' = 'true'";
    private const string MonitorRows = "SELECT count(*) FROM system_health WHERE component IN ('health', 'drift', 'performance', 'slo')";

    [Fact]
    public async Task A_sustained_redis_outage_is_one_critical_webhook_alert_across_a_worker_restart_then_one_resolved()
    {
        var builder = AspireTestExtensions.CreateResourceBuilder();
        builder.AddRedisServer("cache");
        await using var redisApp = await builder.BuildAsync();
        await redisApp.StartAsync();
        await redisApp.WaitForHealthyAsync(["cache"], Deadline.Minutes(2));
        await using var hook = await WebhookReceiver.StartAsync();
        await using var scope = await StoreScope.CreateAsync(fixture, redis: await redisApp.GetConnectionStringAsync("cache") + ",connectTimeout=1000");
        var settings = Fast(hook.Url);

        var first = await WorkerHost.StartAsync(scope, settings);
        try
        {
            await UntilRowsAsync(scope, RedisUpRows, 2, "healthy passes before the outage");
            var stopped = await redisApp.ExecuteCommandAsync("cache", KnownResourceCommands.StopCommand, Deadline.Minutes(1));
            Assert.True(stopped.Success, stopped.Message);

            await Deadline.UntilAsync(() => hook.Accepted.Count >= 1, "no CRITICAL reached the webhook for the outage");
            var down = await scope.ScalarAsync<long>(RedisDownRows);
            await UntilRowsAsync(scope, RedisDownRows, down + 3, "the outage to go on");
        }
        finally
        {
            await first.DisposeAsync();
        }

        // A restarted worker sees the same outage: its state is in PostgreSQL, so no second alert.
        await using (var second = await WorkerHost.StartAsync(scope, settings))
        {
            var down = await scope.ScalarAsync<long>(RedisDownRows);
            await UntilRowsAsync(scope, RedisDownRows, down + 3, "the restarted worker to observe the outage");
            Assert.Single(hook.Requests);

            var started = await redisApp.ExecuteCommandAsync("cache", KnownResourceCommands.StartCommand, Deadline.Minutes(1));
            Assert.True(started.Success, started.Message);
            await Deadline.UntilAsync(() => hook.Accepted.Count >= 2, "no 'resolved' reached the webhook after Redis came back");
            var up = await scope.ScalarAsync<long>(RedisUpRows);
            await UntilRowsAsync(scope, RedisUpRows, up + 3, "healthy passes after the recovery");
        }

        Assert.Equal([("firing", "CRITICAL", "REDIS_DOWN"), ("resolved", "CRITICAL", "REDIS_DOWN")],
            hook.Requests.Select(r => ((string)r.Body["status"]!, (string)r.Body["severity"]!, (string)r.Body["event"]!)));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'REDIS_DOWN' AND severity = 'critical'"));
        Assert.Equal(1L, await scope.ScalarAsync<long>("SELECT count(*) FROM audit_log WHERE event_type = 'REDIS_DOWN_RESOLVED'"));
        // The health rows say what the store did meanwhile: fallback, by the dual store's own Redis monitor.
        Assert.True(await scope.ScalarAsync<long>("SELECT count(*) FROM system_health WHERE component = 'health' AND status = 'degraded' AND metrics ->> 'store_mode' = 'Fallback'") > 0);
    }

    [Fact]
    public async Task With_MONITORING_ENABLED_false_the_monitor_makes_its_rounds_and_runs_no_pass()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        var settings = Fast(null);
        settings["MONITORING_ENABLED"] = "false";
        await using var worker = await WorkerHost.StartAsync(scope, settings);
        var state = worker.Services.GetRequiredService<MonitorState>();

        await Deadline.UntilAsync(() => state.Rounds >= 5, "the monitor loop did not go round");

        Assert.False(state.Gate.On);
        Assert.Contains("MONITORING_ENABLED=false", state.Gate.Reason, StringComparison.Ordinal);
        Assert.Equal(0L, await scope.ScalarAsync<long>(MonitorRows));
    }

    [Fact]
    public async Task The_monitoring_flag_stops_and_restarts_a_running_monitor_within_seconds_when_changed_in_the_database()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var worker = await WorkerHost.StartAsync(scope, Fast(null));
        var state = worker.Services.GetRequiredService<MonitorState>();
        await UntilRowsAsync(scope, MonitorRows, 1, "the monitor to run");
        await Deadline.UntilAsync(() => state.Gate.On, "the monitor did not report its gate open");

        // As another process (or psql) would: the change counter moves, and the worker's config listener polls it.
        await ExecuteAsync(scope, """INSERT INTO bot_config (key, environment, value) VALUES ('feature_flags', 'development', '{"monitoring": false}')""");
        await Deadline.UntilAsync(() => !state.Gate.On, "the monitor did not see the flag turn off", minutes: 0.5);
        var rows = await scope.ScalarAsync<long>(MonitorRows);
        var rounds = state.Rounds;
        await Deadline.UntilAsync(() => state.Rounds >= rounds + 5, "the monitor loop did not go round");
        Assert.Equal(rows, await scope.ScalarAsync<long>(MonitorRows));
        Assert.Contains("'monitoring' feature flag is off", state.Gate.Reason, StringComparison.Ordinal);

        await ExecuteAsync(scope, """UPDATE bot_config SET value = '{"monitoring": true}' WHERE key = 'feature_flags'""");
        await UntilRowsAsync(scope, MonitorRows, rows + 1, "the monitor to run again once the flag is back on");
        await Deadline.UntilAsync(() => state.Gate.On, "the monitor did not report its gate open again");
    }

    private static Dictionary<string, string?> Fast(string? hook)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Monitor:HealthInterval"] = "00:00:00.200",
            ["Monitor:GateInterval"] = "00:00:00.100",
            ["Monitor:PassTimeout"] = "00:00:10",
            // One drift and one performance pass at start, then none during the test: only health matters here.
            ["Monitor:DriftInterval"] = "7.00:00:00",
            ["Monitor:PerformanceInterval"] = "1.00:00:00",
            ["Monitor:WebhookRetryDelay"] = "00:00:00.010",
            ["DualStore:ConfigPollInterval"] = "00:00:00.300",
        };
        if (hook is not null)
        {
            settings["ALERT_WEBHOOK_URL"] = hook;
        }
        return settings;
    }

    private static Task UntilRowsAsync(StoreScope scope, string sql, long atLeast, string because) =>
        Deadline.UntilAsync(async () => await scope.ScalarAsync<long>(sql) >= atLeast, because);

    private static async Task ExecuteAsync(StoreScope scope, string sql)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
