using Microsoft.Extensions.Options;
using XBot.Core.Learning;
using XBot.Core.Posting.XApi;

namespace XBot.Worker.Services;

/// <summary>Reads engagement of published posts every <see cref="EngagementCollectionOptions.PollInterval"/>; idle without X credentials.</summary>
public sealed partial class EngagementCollectionService(
    EngagementCollector collector,
    IXApiClient x,
    IOptions<EngagementCollectionOptions> options,
    TimeProvider time,
    ILogger<EngagementCollectionService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled || !x.IsConfigured)
        {
            LogIdle(logger);
            return;
        }
        using var timer = new PeriodicTimer(options.Value.PollInterval, time);
        do
        {
            try
            {
                await collector.CollectOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engagement collection is idle (EngagementCollection:Enabled=false or no X credentials)")]
    private static partial void LogIdle(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Engagement collection failed; trying again next interval")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
