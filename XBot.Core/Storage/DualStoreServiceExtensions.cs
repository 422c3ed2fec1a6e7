using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XBot.Core.Alerts;
using XBot.Core.Audit;
using XBot.Core.Config;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Storage;
using XBot.Core.Storage.Consistency;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Maintenance;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;
using XBot.Core.Storage.Tweets;

namespace Microsoft.Extensions.DependencyInjection;

public static class DualStoreServiceExtensions
{
    /// <summary>The audit log writer and the default alert sink (log + audit_log); a later sink replaces it.</summary>
    public static IServiceCollection AddAuditing(this IServiceCollection services)
    {
        services.TryAddSingleton<AuditLog>();
        services.TryAddSingleton<IAlertSink, AuditingAlertSink>();
        return services;
    }

    /// <summary>
    /// The dual store (<see cref="IDualStore"/>) and its parts, with the Redis monitor and the config-change
    /// listener that every serving process runs. Needs <c>NpgsqlDataSource</c>, and
    /// <c>IConnectionMultiplexer</c> unless USE_REDIS=false.
    /// </summary>
    public static IServiceCollection AddDualStore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<DualStoreOptions>()
            .Bind(configuration.GetSection(DualStoreOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton<ManualFallbackSwitch>();
        services.TryAddSingleton<FallbackController>();
        services.TryAddSingleton<StoreFlags>();
        services.TryAddSingleton<RedisGate>();
        services.TryAddSingleton<SyncQueue>();
        services.TryAddSingleton<SyncDrainer>();
        services.TryAddSingleton<PostgresRateLimits>();
        services.TryAddSingleton<RateLimiter>();
        services.AddOptions<DedupOptions>()
            .Bind(configuration.GetSection(DedupOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The one writer of tweets and its Redis side.
        services.TryAddSingleton<TweetHotCopy>();
        services.TryAddSingleton<PostLifecycleStore>();
        services.TryAddSingleton<NearDuplicateFinder>();
        services.TryAddSingleton<DuplicateChecker>();
        services.TryAddSingleton<ConfigStore>();
        services.TryAddSingleton<RedisRebuilder>();
        services.TryAddSingleton<RedisMaintenance>();
        services.TryAddSingleton<RedisRecovery>();
        services.TryAddSingleton<ConsistencyAuditor>();
        services.TryAddSingleton<IDualStore, DualStore>();

        services.AddHostedService<RedisMonitorService>();
        services.AddHostedService<ConfigChangeListener>();
        return services;
    }

    /// <summary>The background sync of the write-behind queue; the worker runs it.</summary>
    public static IServiceCollection AddDualStoreSync(this IServiceCollection services)
    {
        services.AddHostedService<SyncBackgroundService>();
        return services;
    }
}
