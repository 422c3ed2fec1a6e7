using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using XBot.Core.Learning;

namespace Microsoft.Extensions.Hosting;

public static class LearningServiceExtensions
{
    /// <summary>The learning engine: engagement collection, the arms, the bandit, the learning cycle and the daily summary.</summary>
    public static IServiceCollection AddLearning(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<EngagementCollectionOptions>()
            .Bind(configuration.GetSection(EngagementCollectionOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddOptions<LearningOptions>()
            .Bind(configuration.GetSection(LearningOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton<ArmStore>();
        services.AddSingleton<ThompsonBandit>();
        services.AddSingleton<LearningCycle>();
        services.AddSingleton<EngagementCollector>();
        services.AddSingleton<DailySummaryWriter>();
        return services;
    }
}
