using Microsoft.Extensions.Options;
using XBot.Core.Learning;

namespace XBot.Worker.Services;

/// <summary>
/// Runs a learning cycle every <see cref="LearningOptions.CycleInterval"/>, and once a UTC day has ended
/// writes its <c>daily_summaries</c> row (rewritten on each later day change, so a restart loses nothing).
/// </summary>
public sealed partial class LearningService(
    LearningCycle cycle,
    DailySummaryWriter daily,
    IOptions<LearningOptions> options,
    TimeProvider time,
    ILogger<LearningService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        DateOnly? summarised = null;
        using var timer = new PeriodicTimer(options.Value.CycleInterval, time);
        do
        {
            try
            {
                await cycle.RunOnceAsync(stoppingToken);
                var yesterday = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddDays(-1);
                if (summarised != yesterday)
                {
                    await daily.WriteAsync(yesterday, stoppingToken);
                    summarised = yesterday;
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Learning cycle failed; trying again next interval")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
