using Microsoft.Extensions.Options;
using XBot.Core.Scheduling;

namespace XBot.Worker.Services;

/// <summary>
/// Continuous mode: one scheduling cycle every <see cref="SchedulerOptions.CycleInterval"/> (5 minutes).
/// Config changes (the emergency brake sets post_fraction to 0) are read afresh by every cycle.
/// </summary>
public sealed partial class SchedulerService(
    SchedulingCycle cycle,
    IOptions<SchedulerOptions> options,
    TimeProvider time,
    ILogger<SchedulerService> logger) : BackgroundService
{
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
            try
            {
                await cycle.RunOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogCycleFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The scheduler is disabled (Scheduler:Enabled=false)")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduling cycle failed; trying again next interval")]
    private static partial void LogCycleFailed(ILogger logger, Exception ex);
}
