using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XBot.Core.Time;

namespace Microsoft.Extensions.Hosting;

public static class SimulatedClockServiceExtensions
{
    /// <summary>
    /// With <c>SIMULATED_CLOCK_EPOCH</c> and <c>SIMULATED_TIME_SCALE</c> set (and X a stand-in), the
    /// <see cref="TimeProvider"/> is a <see cref="ScaledTimeProvider"/> over the system clock; without them nothing
    /// changes. Checked here, at start-up: a bad value stops the service with a message naming the variable.
    /// </summary>
    public static IServiceCollection AddSimulatedClock(this IServiceCollection services, IConfiguration configuration)
    {
        if (SimulatedClock.Read(configuration) is not { } settings)
        {
            return services;
        }
        SimulatedClock.RequireXStandIn(configuration);
        // The host registers the system clock (through a factory) before XBot.Core does, so a plain TryAdd would never
        // take; only a clock given as an instance other than the system's (a test's FakeTimeProvider) is left alone.
        var existing = services.LastOrDefault(d => d.ServiceType == typeof(TimeProvider) && !d.IsKeyedService);
        if (existing?.ImplementationInstance is null || ReferenceEquals(existing.ImplementationInstance, TimeProvider.System))
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(settings.CreateClock());
        }
        return services;
    }
}
