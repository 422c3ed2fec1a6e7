using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XBot.Core.Candidates;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Scheduling;

namespace Microsoft.Extensions.Hosting;

public static class SchedulingServiceExtensions
{
    /// <summary>The pipeline's services: lifecycle store, candidate queue and refresh, the scheduling cycle.</summary>
    public static IServiceCollection AddPostingPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SchedulerOptions>()
            .Bind(configuration.GetSection(SchedulerOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        // The post_fraction draw; tests register a seeded Random.
        services.TryAddSingleton(Random.Shared);
        services.AddSingleton<PostLifecycleStore>();
        services.AddSingleton<CandidateQueue>();
        services.AddSingleton<CandidateRefresher>();
        services.AddSingleton<SchedulingCycle>();
        return services;
    }
}
