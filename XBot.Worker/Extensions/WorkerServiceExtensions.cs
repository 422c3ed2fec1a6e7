using XBot.Worker.Services;

namespace Microsoft.Extensions.Hosting;

internal static class WorkerServiceExtensions
{
    public static IHostApplicationBuilder AddWorkerServices(this IHostApplicationBuilder builder)
    {
        builder.AddXBotRedisClient("cache");
        builder.AddXBotNpgsqlDataSource("xbotdb");
        builder.Services.AddXBotCore(builder.Configuration);
        builder.Services.AddSchemaGuard();
        builder.Services.AddDualStoreSync();

        builder.Services.AddOptions<HeartbeatOptions>()
            .Bind(builder.Configuration.GetSection(HeartbeatOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<Heartbeat>();
        builder.Services.AddHostedService<SchedulerService>();
        builder.Services.AddHostedService<EngagementCollectionService>();
        builder.Services.AddHostedService<LearningService>();
        builder.Services.AddHostedService<HeartbeatService>();
        builder.Services.AddHealthChecks().AddCheck<HeartbeatHealthCheck>("heartbeat", tags: [ServiceDefaultsExtensions.LiveTag]);
        return builder;
    }
}
