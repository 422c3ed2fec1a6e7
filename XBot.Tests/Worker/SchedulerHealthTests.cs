using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Tests.Infrastructure;
using XBot.Tests.Storage;
using XBot.XSimulator;
using XBot.XSimulator.Simulation;
using XBot.Worker.Services;

namespace XBot.Tests.Worker;

/// <summary>
/// The worker's health follows its scheduling cycles: the heartbeat is a completed cycle, a run of failed
/// cycles raises one CRITICAL alert and turns /health Unhealthy, and a hung cycle turns /alive Unhealthy.
/// Failures and hangs are real: a missing table, a table lock.
/// </summary>
[Collection(InfrastructureCollection.Name)]
public sealed class SchedulerHealthTests(InfrastructureFixture fixture)
{
    private static readonly Dictionary<string, string?> FastCycles = new()
    {
        ["Scheduler:CycleInterval"] = "00:00:05",
        ["Worker:Cycles:FailuresBeforeAlert"] = "2",
    };

    [Fact]
    public async Task Consecutive_failed_cycles_raise_one_critical_alert_and_turn_health_unhealthy_until_a_cycle_succeeds()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await ExecuteAsync(scope, "ALTER TABLE tweets RENAME TO tweets_away");
        await using var worker = await WorkerHost.StartAsync(scope, FastCycles);

        var unhealthy = await worker.UntilAsync(WorkerServiceExtensions.CycleFailuresCheck, HealthStatus.Unhealthy);
        Assert.Contains("2 scheduling cycles failed in a row", unhealthy.Description);
        await Deadline.UntilAsync(() => worker.Services.GetRequiredService<CycleTracker>().ConsecutiveFailures >= 3, "a third cycle to fail");
        Assert.Equal(1L, await scope.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE event_type = '{SchedulerService.FailingEvent}' AND severity = 'critical'"));
        // Failing cycles still complete: the worker is alive, only unhealthy.
        Assert.Equal(HealthStatus.Healthy, (await worker.CheckAsync(WorkerServiceExtensions.CycleProgressCheck)).Status);

        await ExecuteAsync(scope, "ALTER TABLE tweets_away RENAME TO tweets");

        await worker.UntilAsync(WorkerServiceExtensions.CycleFailuresCheck, HealthStatus.Healthy);
        await Deadline.UntilAsync(async () => await scope.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE event_type = '{SchedulerService.RecoveredEvent}'") == 1, "the recovery was not recorded", minutes: 1);
    }

    [Fact]
    public async Task Cycles_that_end_in_posts_refused_by_X_count_as_failed()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var x = await XSimulatorHost.StartAsync();
        x.State.Faults.Add(SimFault.Duplicate);
        Assert.Equal(0, (await CliRunner.RunAsync(scope.Settings(), "candidates", "refresh")).ExitCode);
        await ExecuteAsync(scope, "INSERT INTO bot_config (key, environment, value) VALUES ('quiet_hours', 'development', '[]')");
        var settings = new Dictionary<string, string?>(FastCycles);
        foreach (var (key, value) in x.ClientSettings)
        {
            settings[key] = value;
        }
        settings["LIVE_POSTS"] = "true";
        settings["POST_FRACTION"] = "1";
        await using var worker = await WorkerHost.StartAsync(scope, settings);

        var unhealthy = await worker.UntilAsync(WorkerServiceExtensions.CycleFailuresCheck, HealthStatus.Unhealthy);

        Assert.Contains("duplicate", unhealthy.Description);
        // The tracker counts a cycle when it ends; the refused post's row may be written a moment later.
        await Deadline.UntilAsync(async () => await scope.ScalarAsync<long>("SELECT count(*) FROM tweets WHERE status = 'failed'") >= 2, "the refused posts were not marked failed", minutes: 1);
        await Deadline.UntilAsync(async () => await scope.ScalarAsync<long>($"SELECT count(*) FROM audit_log WHERE event_type = '{SchedulerService.FailingEvent}'") == 1, "no CRITICAL alert", minutes: 1);
    }

    [Fact]
    public async Task A_hung_cycle_turns_liveness_unhealthy_after_two_intervals_and_healthy_when_it_completes()
    {
        await using var scope = await StoreScope.CreateAsync(fixture);
        await using var worker = await WorkerHost.StartAsync(scope, FastCycles);
        var tracker = worker.Services.GetRequiredService<CycleTracker>();
        await Deadline.UntilAsync(() => tracker.LastCompleted is not null, "the first cycle to complete");
        Assert.Equal(HealthStatus.Healthy, (await worker.CheckAsync(WorkerServiceExtensions.CycleProgressCheck)).Status);

        await using (var connection = new NpgsqlConnection(scope.Postgres))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using (var command = new NpgsqlCommand("LOCK TABLE tweets IN ACCESS EXCLUSIVE MODE", connection, transaction))
            {
                await command.ExecuteNonQueryAsync();
            }

            var hung = await worker.UntilAsync(WorkerServiceExtensions.CycleProgressCheck, HealthStatus.Unhealthy);
            Assert.Contains("no scheduling cycle has completed", hung.Description);
            await transaction.RollbackAsync();
        }

        await worker.UntilAsync(WorkerServiceExtensions.CycleProgressCheck, HealthStatus.Healthy);
    }

    [Theory]
    [InlineData("Worker:Cycles:FailuresBeforeAlert", "0", "Worker:Cycles:FailuresBeforeAlert must be a whole number from 1 to 100.")]
    [InlineData("Worker:Cycles:HealthCheckTimeout", "00:10:00", "Worker:Cycles:HealthCheckTimeout must be between")]
    public async Task Bad_monitor_settings_stop_the_worker_at_start(string key, string value, string message)
    {
        await using var scope = await StoreScope.CreateAsync(fixture);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => WorkerHost.StartAsync(scope, new Dictionary<string, string?> { [key] = value }));

        Assert.Contains(message, error.Message);
    }

    private static async Task ExecuteAsync(StoreScope scope, string sql)
    {
        await using var connection = new NpgsqlConnection(scope.Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

}
