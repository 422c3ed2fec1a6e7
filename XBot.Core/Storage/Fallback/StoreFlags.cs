using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using XBot.Core.Config;
using XBot.Core.Configuration;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;

namespace XBot.Core.Storage.Fallback;

/// <summary>
/// This process's routing switches (<see cref="StoreRouting"/>): the environment's, ANDed with the routing
/// feature flags (<c>dual_write</c>, <c>redis_rate_limiting</c>, <c>redis_cache</c>, <c>redis_queue</c>,
/// <c>redis_deduplication</c>). Read from PostgreSQL before the first store operation and again whenever
/// <see cref="ConfigChangeListener"/> sees <c>bot_config</c> change, so a flip reaches a running process within
/// the config poll interval. Reading the flags through the config cache would make the cache route itself.
/// </summary>
public sealed partial class StoreFlags(XBotOptions options, FallbackController fallback, IServiceProvider services, ILogger<StoreFlags> logger)
{
    private readonly SemaphoreSlim _refreshing = new(1, 1);
    private StoreRouting _current = StoreRouting.FromEnvironment(options);
    private int _loaded;

    public StoreRouting Current => Volatile.Read(ref _current);

    /// <summary>Reads the flags once per process before the first store operation, so a fresh process obeys them.</summary>
    public async ValueTask EnsureLoadedAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _loaded) == 0)
        {
            await RefreshAsync(onlyIfUnloaded: true, cancellationToken);
        }
    }

    /// <summary>Reads the flags from PostgreSQL and switches routing; when PostgreSQL can't answer, routing stays as it is.</summary>
    public Task RefreshAsync(CancellationToken cancellationToken) => RefreshAsync(onlyIfUnloaded: false, cancellationToken);

    private async Task RefreshAsync(bool onlyIfUnloaded, CancellationToken cancellationToken)
    {
        await _refreshing.WaitAsync(cancellationToken);
        try
        {
            if (onlyIfUnloaded && Volatile.Read(ref _loaded) == 1)
            {
                // Another first call loaded them while this one waited.
                return;
            }
            // The first read only sets this process's routing: there is no earlier state of this process to move from,
            // and a read-only verb (schedule test --dry-run) must not drain or rebuild anything.
            var first = Volatile.Read(ref _loaded) == 0;
            IReadOnlyDictionary<string, FeatureFlagSetting> flags;
            try
            {
                flags = (await services.GetRequiredService<ConfigStore>().ReadBotConfigUncachedAsync(cancellationToken)).FeatureFlags;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                LogUnread(logger, ex);
                return;
            }
            finally
            {
                Volatile.Write(ref _loaded, 1);
            }
            var next = StoreRouting.From(options, flags);
            if (first)
            {
                Volatile.Write(ref _current, next);
            }
            else
            {
                await ApplyAsync(next, cancellationToken);
            }
        }
        finally
        {
            _refreshing.Release();
        }
    }

    private async Task ApplyAsync(StoreRouting next, CancellationToken cancellationToken)
    {
        var before = Current;
        if (next == before)
        {
            return;
        }

        var turnedOff = next.TurnedOffSince(before);
        if (turnedOff.Any(f => f is StoreFeature.RateLimiting or StoreFeature.Queue))
        {
            // PostgreSQL is about to answer alone (or stop receiving queued writes through Redis): give it what
            // the write-behind queue still holds first, so its counts are complete.
            await DrainSyncQueueAsync(cancellationToken);
        }

        var turnedOn = next.TurnedOnSince(before);
        if (turnedOn.Count > 0 && next.UseRedis)
        {
            // Redis missed every write made while the feature was served by PostgreSQL: serve from PostgreSQL
            // until Redis is rebuilt from it, exactly as after an outage.
            fallback.RequestRewarm($"feature flag switched on: {string.Join(", ", turnedOn)}; rebuilding Redis from PostgreSQL");
            if (turnedOn.Contains(StoreFeature.Queue))
            {
                // The Redis candidate set lacks what was queued meanwhile; the queue refills it from PostgreSQL.
                var redis = services.GetRequiredService<RedisGate>();
                await redis.TryDirectAsync(db => db.KeyDeleteAsync(redis.Keys.CandidateQueue), cancellationToken);
            }
        }

        Volatile.Write(ref _current, next);
        LogRouting(logger, next.DualWrite, Where(next.RateLimiting), Where(next.Cache), Where(next.Queue), Where(next.Deduplication));
    }

    private async Task DrainSyncQueueAsync(CancellationToken cancellationToken)
    {
        if (!options.UseRedis)
        {
            return;
        }
        var report = await services.GetRequiredService<SyncDrainer>().DrainAsync(cancellationToken);
        if (report.Error is not null)
        {
            LogDrainFailed(logger, report.Error);
        }
    }

    private string Where(bool redis) => redis && options.UseRedis ? "redis" : "postgres";

    [LoggerMessage(Level = LogLevel.Information, Message = "Store routing changed by the feature flags: dual write {DualWrite}, rate limits {RateLimits}, cache {Cache}, queue {Queue}, dedup {Dedup}")]
    private static partial void LogRouting(ILogger logger, bool dualWrite, string rateLimits, string cache, string queue, string dedup);

    // Debug, as for the manual fallback switch: the config listener already warns when PostgreSQL can't be polled.
    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not read the routing feature flags from PostgreSQL; routing stays as it is")]
    private static partial void LogUnread(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not drain the sync queue before a routing change: {Error}; the background sync and 'audit consistency --repair' catch up")]
    private static partial void LogDrainFailed(ILogger logger, string error);
}
