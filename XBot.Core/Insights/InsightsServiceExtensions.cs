using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XBot.Core.Insights;

namespace Microsoft.Extensions.Hosting;

/// <summary>The read side the api, the CLI and (through the api) the console share: posts, learning, analytics, database.</summary>
public static class InsightsServiceExtensions
{
    public static IServiceCollection AddInsights(this IServiceCollection services)
    {
        services.TryAddSingleton<PostInsights>();
        services.TryAddSingleton<LearningInsights>();
        services.TryAddSingleton<AnalyticsViews>();
        services.TryAddSingleton<DatabaseOverview>();
        return services;
    }
}
