using Microsoft.Extensions.Options;

namespace XBot.Worker.Services;

/// <summary>
/// Beats at a fixed interval so the liveness probe can tell a hung worker from a busy one.
/// Like every loop in the worker, it catches, logs and goes on.
/// </summary>
public sealed partial class HeartbeatService(
    Heartbeat heartbeat,
    IOptions<HeartbeatOptions> options,
    TimeProvider time,
    ILogger<HeartbeatService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                heartbeat.Beat(time.GetUtcNow());
            }
            catch (Exception ex)
            {
                LogBeatFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Heartbeat failed; trying again next interval")]
    private static partial void LogBeatFailed(ILogger logger, Exception ex);
}
