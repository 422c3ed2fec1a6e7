using Microsoft.Extensions.Options;
using XBot.Core.Candidates;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Storage.Tweets;

namespace XBot.Worker.Services;

/// <summary>
/// Keeps the candidate queue supplied without an operator (runbooks §1: the bot generates its candidates):
/// every <see cref="CandidateSupplyOptions.CheckInterval"/> it refreshes every source when the queue is
/// below <see cref="CandidateSupplyOptions.LowWater"/> or the last refresh is older than
/// <see cref="CandidateSupplyOptions.RefreshInterval"/>. Several workers may refresh at once: the unique
/// fingerprint index and the near-duplicate check keep each text queued once.
/// </summary>
public sealed partial class CandidateSupplyService(
    CandidateRefresher refresher,
    PostLifecycleStore lifecycle,
    IOptions<CandidateSupplyOptions> options,
    TimeProvider time,
    ILogger<CandidateSupplyService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            LogDisabled(logger);
            return;
        }
        DateTimeOffset? lastRefresh = null;
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        do
        {
            try
            {
                var queued = await lifecycle.CountAsync(TweetStatus.Queued, stoppingToken);
                var now = time.GetUtcNow();
                if (queued < settings.LowWater || lastRefresh is null || now - lastRefresh >= settings.RefreshInterval)
                {
                    var report = await refresher.RefreshAsync(stoppingToken);
                    lastRefresh = now;
                    LogRefreshed(logger, queued, report.Queued, report.Warning ?? "none");
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, ex);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidate supply is off (Candidates:Supply:Enabled=false): refresh with 'candidates refresh'")]
    private static partial void LogDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Candidates refreshed: {Before} were queued, {Added} added; warning: {Warning}")]
    private static partial void LogRefreshed(ILogger logger, int before, int added, string warning);

    [LoggerMessage(Level = LogLevel.Error, Message = "Candidate refresh failed; trying again at the next check")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
