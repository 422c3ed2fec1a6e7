using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using XBot.Core.Configuration;
using XBot.Core.Storage;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Config;

/// <summary>
/// Makes a config change reach this process within seconds, whoever made it: a Redis pub/sub message
/// drops the local copy at once for changes made through <see cref="ConfigStore"/>, and the change counter
/// that a trigger keeps on <c>bot_config</c> is polled every <see cref="DualStoreOptions.ConfigPollInterval"/>,
/// so a change made with plain SQL (the emergency brake) is seen too, pub/sub or not. Also carries changes
/// of the manual fallback switch and of the routing feature flags (<see cref="StoreFlags"/>).
/// </summary>
public sealed class ConfigChangeListener(
    ConfigStore config,
    RedisGate redis,
    FallbackController fallback,
    ManualFallbackSwitch manualSwitch,
    StoreFlags storeFlags,
    XBotOptions options,
    IOptions<DualStoreOptions> storeOptions,
    ILogger<ConfigChangeListener> logger) : BackgroundService
{
    private long _seenVersion = -1;
    private volatile bool _subscribed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Off the start-up path: the first Redis use connects synchronously and may wait for a dead server.
        await Task.Yield();
        redis.ConnectionRestored += () =>
        {
            // Messages sent while we were disconnected are lost: start from PostgreSQL again.
            config.InvalidateLocal();
            _ = RefreshManualSwitchAsync(CancellationToken.None);
        };

        if (options.UseRedis)
        {
            // Subscribe as soon as the client's first connection attempt ends, rather than a poll interval later.
            await redis.WaitUntilConnectedAsync(stoppingToken);
        }

        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!_subscribed && options.UseRedis && redis.Subscriber is { } subscriber)
                {
                    await subscriber.SubscribeAsync(redis.Keys.ConfigChannel, OnMessage);
                    _subscribed = true;
                    config.InvalidateLocal();
                }

                await PollAsync(stoppingToken);
                failures = 0;
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                if (failures++ == 0)
                {
                    logger.LogWarning(ex, "Config change detection failed; retrying every {Interval}", storeOptions.Value.ConfigPollInterval);
                }
            }

            try
            {
                await Task.Delay(storeOptions.Value.ConfigPollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private void OnMessage(RedisChannel channel, RedisValue message)
    {
        var parts = message.ToString().Split('|');
        if (parts.Length >= 2 && parts[0] != options.AppEnv)
        {
            return;
        }
        config.InvalidateLocal(parts.Length >= 3 && long.TryParse(parts[2], out var version) ? version : 0);
        if (parts.Length >= 2 && parts[1] == BotConfigKeys.FallbackMode)
        {
            _ = RefreshManualSwitchAsync(CancellationToken.None);
        }
        if (parts.Length >= 2 && parts[1] == BotConfigKeys.FeatureFlags)
        {
            _ = RefreshStoreFlagsAsync(CancellationToken.None);
        }
    }

    private async Task PollAsync(CancellationToken cancellationToken)
    {
        var version = await config.ReadVersionAsync(cancellationToken);
        if (version != Interlocked.Exchange(ref _seenVersion, version))
        {
            config.InvalidateLocal(version);
            await RefreshManualSwitchAsync(cancellationToken);
            await RefreshStoreFlagsAsync(cancellationToken);
        }
    }

    private async Task RefreshStoreFlagsAsync(CancellationToken cancellationToken)
    {
        try
        {
            await storeFlags.RefreshAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Could not refresh the routing feature flags");
        }
    }

    private async Task RefreshManualSwitchAsync(CancellationToken cancellationToken)
    {
        try
        {
            fallback.ApplyManualState(await manualSwitch.ReadAsync(cancellationToken));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogDebug(ex, "Could not read the manual fallback switch");
        }
    }
}
