using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using XBot.Worker.Services;

namespace Microsoft.Extensions.Hosting;

public static class WorkerServiceExtensions
{
    public const string CycleProgressCheck = "scheduler-progress";
    public const string CycleFailuresCheck = "scheduler-failures";

    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddXBotRedisClient("cache");
        builder.AddXBotNpgsqlDataSource("xbotdb");
        builder.Services.AddXBotCore(builder.Configuration);
        builder.Services.AddSchemaGuard();
        builder.Services.AddDualStoreSync();

        builder.Services.AddOptions<CycleMonitorOptions>()
            .Bind(builder.Configuration.GetSection(CycleMonitorOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<CycleTracker>();
        builder.Services.AddOptions<CandidateSupplyOptions>()
            .Bind(builder.Configuration.GetSection(CandidateSupplyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddHostedService<CandidateSupplyService>();
        builder.Services.AddHostedService<SchedulerService>();
        builder.Services.AddHostedService<EngagementCollectionService>();
        builder.Services.AddHostedService<LearningService>();

        builder.Services.AddOptions<MemoryReleaseOptions>()
            .Bind(builder.Configuration.GetSection(MemoryReleaseOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<ManagedHeap>();
        builder.Services.AddHostedService<MemoryReleaseService>();

        builder.Services.AddOptions<XBot.Core.Monitoring.MonitorOptions>().ValidateOnStart();
        builder.Services.AddOptions<XBot.Core.Monitoring.AlertWebhookOptions>().ValidateOnStart();
        builder.Services.AddSingleton<MonitorState>();
        builder.Services.AddHostedService<MonitorService>();

        // A loop that makes no progress is a liveness failure (a restart helps); failing cycles are a health failure.
        builder.Services.AddHealthChecks();
        builder.Services.AddOptions<HealthCheckServiceOptions>().Configure<IOptions<CycleMonitorOptions>>((health, monitor) =>
        {
            var timeout = monitor.Value.HealthCheckTimeout;
            health.Registrations.Add(new HealthCheckRegistration(CycleProgressCheck, s => ActivatorUtilities.CreateInstance<CycleProgressHealthCheck>(s), HealthStatus.Unhealthy, [ServiceDefaultsExtensions.LiveTag], timeout));
            health.Registrations.Add(new HealthCheckRegistration(CycleFailuresCheck, s => ActivatorUtilities.CreateInstance<CycleFailuresHealthCheck>(s), HealthStatus.Unhealthy, [], timeout));
        });
        return builder;
    }
}
