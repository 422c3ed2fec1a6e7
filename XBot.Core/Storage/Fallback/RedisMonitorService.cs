using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using XBot.Core.Configuration;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Storage.Fallback;

/// <summary>
/// Watches Redis in every process that serves traffic (api and worker): PINGs it every
/// <see cref="DualStoreOptions.ProbeInterval"/>, so an outage is noticed without traffic (two missed
/// pings) and recovery without waiting for a caller; checks the warm marker; follows the persisted
/// manual switch; and runs the recovery when Redis answers again.
/// </summary>
public sealed class RedisMonitorService(
    FallbackController fallback,
    RedisRecovery recovery,
    RedisGate redis,
    ManualFallbackSwitch manualSwitch,
    XBotOptions options,
    IOptions<DualStoreOptions> storeOptions,
    TimeProvider time,
    ILogger<RedisMonitorService> logger) : BackgroundService
{
    private const int MissedPingsForFallback = 2;
    private int _missedPings;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the client connects in the background (see RedisGate).
        await Task.Yield();
        if (!options.UseRedis)
        {
            return;
        }
        redis.StartConnecting();
        var tuning = storeOptions.Value;
        var lastSwitchRead = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!fallback.IsPinned && time.GetUtcNow() - lastSwitchRead >= tuning.ConfigPollInterval)
                {
                    lastSwitchRead = time.GetUtcNow();
                    try
                    {
                        fallback.ApplyManualState(await manualSwitch.ReadAsync(stoppingToken));
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        logger.LogDebug(ex, "Could not read the manual fallback switch");
                    }
                }

                var status = fallback.Status;
                if (!fallback.IsPinned && status is not { Mode: StoreMode.Fallback, Reason: FallbackReason.Manual })
                {
                    await ProbeAsync(status, stoppingToken);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Redis monitor round failed");
            }

            await fallback.WaitForWorkAsync(tuning.ProbeInterval, stoppingToken);
        }
    }

    private async Task ProbeAsync(StoreStatus status, CancellationToken cancellationToken)
    {
        var ping = await redis.PingAsync(cancellationToken);
        if (ping is null)
        {
            _missedPings++;
            if (status.Mode == StoreMode.Normal && _missedPings >= MissedPingsForFallback)
            {
                fallback.ReportRedisFailure($"Redis did not answer {_missedPings} pings");
            }
            return;
        }
        _missedPings = 0;

        if (status.Mode == StoreMode.Normal)
        {
            var warm = await redis.TryDirectAsync(db => db.KeyExistsAsync(redis.Keys.WarmMarker), cancellationToken);
            if (warm is { Done: true, Value: false })
            {
                fallback.ReportCold();
                status = fallback.Status;
            }
            else if (warm is { Done: true, Value: true })
            {
                fallback.ReportWarm();
            }
        }
        if (status.Mode == StoreMode.Recovering || status is { Mode: StoreMode.Fallback, Reason: FallbackReason.RedisFailure })
        {
            await recovery.TryRecoverAsync(cancellationToken);
        }
    }
}
