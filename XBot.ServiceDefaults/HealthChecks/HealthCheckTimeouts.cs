using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace XBot.ServiceDefaults.HealthChecks;

/// <summary>
/// Every health check answers within a deadline: a check that has none gets <see cref="DefaultTimeout"/>, and a check
/// that ignores its cancellation token (a client stuck on a frozen server) is abandoned at the deadline and reported
/// Unhealthy, so <c>/health</c> itself never hangs.
/// </summary>
public static class HealthCheckTimeouts
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(3);

    public static void Apply(HealthCheckServiceOptions options)
    {
        foreach (var registration in options.Registrations)
        {
            if (registration.Timeout <= TimeSpan.Zero || registration.Timeout == Timeout.InfiniteTimeSpan)
            {
                registration.Timeout = DefaultTimeout;
            }

            var inner = registration.Factory;
            var timeout = registration.Timeout;
            registration.Factory = services => new Bounded(inner(services), timeout);
        }
    }

    private sealed class Bounded(IHealthCheck inner, TimeSpan timeout) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.CheckHealthAsync(context, cancellationToken).WaitAsync(timeout, cancellationToken);
            }
            catch (TimeoutException)
            {
                return new HealthCheckResult(context.Registration.FailureStatus, $"no answer within {timeout.TotalSeconds:0.#} s");
            }
        }
    }
}
