using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XBot.Core.Configuration;
using XBot.Core.Storage.RateLimits;

namespace XBot.Core.Storage.Sync;

/// <summary>
/// Drains the sync queue into PostgreSQL every <c>SYNC_INTERVAL_MS</c> and prunes rate-limit events older
/// than any window. Runs in the worker only; the lease keeps two workers from draining at once.
/// </summary>
public sealed class SyncBackgroundService(
    SyncDrainer drainer,
    PostgresRateLimits rateLimits,
    XBot.Core.Storage.Redis.RedisGate redis,
    XBotOptions options,
    IOptions<DualStoreOptions> storeOptions,
    TimeProvider time,
    ILogger<SyncBackgroundService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.UseRedis)
        {
            // A client still making its first connection is not a failed sync.
            await redis.WaitUntilConnectedAsync(stoppingToken);
        }
        var failing = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (options.UseRedis)
                {
                    var report = await drainer.DrainAsync(stoppingToken);
                    if (report.Applied > 0 || report.DeadLettered > 0)
                    {
                        logger.LogInformation("Sync applied {Applied} queued writes to PostgreSQL ({Dead} unreadable, {Remaining} left)", report.Applied, report.DeadLettered, report.Remaining);
                    }
                    if (report.Error is not null && !failing)
                    {
                        logger.LogWarning("Sync could not finish: {Error}", report.Error);
                    }
                    failing = report.Error is not null;
                }
                await rateLimits.PruneAsync(time.GetUtcNow() - storeOptions.Value.RateLimitEventRetention, stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (!failing)
                {
                    logger.LogWarning(ex, "Sync run failed; retrying in {Interval}", options.SyncInterval);
                }
                failing = true;
            }

            try
            {
                await Task.Delay(options.SyncInterval, time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }
}
