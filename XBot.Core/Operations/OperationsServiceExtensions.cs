using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XBot.Core.Operations;

namespace Microsoft.Extensions.Hosting;

/// <summary>What the admin API and the ops CLI share: the health figures, metrics, rate-limit status, the flag report and switches.</summary>
public static class OperationsServiceExtensions
{
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.TryAddSingleton<HealthProbe>();
        services.TryAddSingleton<FeatureFlagReport>();
        services.TryAddSingleton<FlagSwitches>();
        services.TryAddSingleton<Approvals>();
        services.TryAddSingleton<ManualSubmissions>();
        services.TryAddSingleton<MetricsReader>();
        services.TryAddSingleton<RateLimitStatusReader>();
        return services;
    }
}
