using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XBot.Core.Spend;

namespace Microsoft.Extensions.Hosting;

public static class SpendServiceExtensions
{
    /// <summary>The X spend ledger and its prices (<c>Spend</c> section, validated at start-up).</summary>
    public static IServiceCollection AddSpend(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SpendOptions>().Bind(configuration.GetSection(SpendOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        services.TryAddSingleton<SpendLedger>();
        return services;
    }
}
