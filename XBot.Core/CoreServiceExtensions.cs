using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using XBot.Core.Configuration;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Registers XBot.Core's services. Each capability folder adds its own <c>AddXxx</c> call here, so the
/// api and the worker share one list. Expects <c>IConnectionMultiplexer</c> and <c>NpgsqlDataSource</c>
/// to be registered already (AddXBotRedisClient / AddXBotNpgsqlDataSource from ServiceDefaults).
/// </summary>
public static class CoreServiceExtensions
{
    public static IServiceCollection AddXBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSimulatedClock(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddXBotOptions(configuration);
        services.AddAuditing();
        services.AddDualStore(configuration);
        services.AddSchema();
        services.AddSafety(configuration);
        services.AddCandidates(configuration);
        services.AddPostingPipeline(configuration);
        services.AddXApi(configuration);
        services.AddLearning(configuration);
        services.AddOperations();
        services.AddSpend(configuration);
        services.AddMonitoring(configuration);
        services.AddInsights();
        return services;
    }

    /// <summary>Binds the runbook variables; a bad value fails here, at start-up, naming the variable.</summary>
    public static IServiceCollection AddXBotOptions(this IServiceCollection services, IConfiguration configuration)
    {
        var options = XBotOptionsBinder.Bind(configuration);
        services.TryAddSingleton(Options.Options.Create(options));
        services.TryAddSingleton(options);
        return services;
    }
}
