using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Core.Scheduling;
using XBot.Core.Time;

namespace XBot.Worker.Services;

/// <summary>
/// Continuous mode: one scheduling cycle every <see cref="SchedulerOptions.CycleInterval"/> (5 minutes).
/// Config changes (the emergency brake sets post_fraction to 0) are read afresh by every cycle. Each
/// cycle's end is reported to the <see cref="CycleTracker"/> (the health checks' heartbeat); a cycle
/// fails when it throws or ends in a failed post, and a run of
/// <see cref="CycleMonitorOptions.FailuresBeforeAlert"/> failures raises one CRITICAL alert.
/// </summary>
public sealed partial class SchedulerService(
    SchedulingCycle cycle,
    CycleTracker tracker,
    IAlertSink alerts,
    IOptions<SchedulerOptions> options,
    IOptions<CycleMonitorOptions> monitor,
    TimeProvider time,
    ILogger<SchedulerService> logger) : BackgroundService
{
    public const string FailingEvent = "SCHEDULER_FAILING";
    public const string RecoveredEvent = "SCHEDULER_RECOVERED";
    private const string Component = "scheduler";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            LogDisabled(logger);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.CycleInterval, time);
        do
        {
            await RunCycleAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    private async Task RunCycleAsync(CancellationToken stoppingToken)
    {
        var wasFailing = tracker.ConsecutiveFailures >= monitor.Value.FailuresBeforeAlert;
        string? error;
        try
        {
            var decision = await cycle.RunOnceAsync(stoppingToken);
            // A cycle that ends in a failed post (X refused it: revoked access, duplicate content) has failed too:
            // a run of them means nothing is getting out, as surely as a run of exceptions does.
            error = decision.Outcome == CycleOutcome.Failed ? decision.Reason : null;
        }
        catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
        {
            LogCycleFailed(logger, ex);
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        if (error is null)
        {
            tracker.Succeeded(time.Physical().GetUtcNow());
            if (wasFailing)
            {
                await alerts.RaiseAsync(new Alert(AuditSeverity.Info, RecoveredEvent, Component, "A scheduling cycle succeeded again after a run of failures."), stoppingToken);
            }
            return;
        }

        var failures = tracker.Failed(time.Physical().GetUtcNow(), error);
        // Once per run of failures, when it reaches the threshold; /health stays Unhealthy for the rest of the run.
        if (failures == monitor.Value.FailuresBeforeAlert)
        {
            await alerts.RaiseAsync(new Alert(AuditSeverity.Critical, FailingEvent, Component,
                $"{failures} scheduling cycles failed in a row; nothing is posted until a cycle succeeds. Last error: {error}",
                new JsonObject { ["failures"] = failures, ["error"] = error }), stoppingToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The scheduler is disabled (Scheduler:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduling cycle failed; trying again next interval")]
    private static partial void LogCycleFailed(ILogger logger, Exception ex);
}
