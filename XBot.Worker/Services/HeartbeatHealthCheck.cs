using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace XBot.Worker.Services;

/// <summary>Unhealthy when the background loop has missed three beats.</summary>
public sealed class HeartbeatHealthCheck(Heartbeat heartbeat, IOptions<HeartbeatOptions> options, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (heartbeat.LastBeat is not { } last)
        {
            return Task.FromResult(HealthCheckResult.Degraded("the background loop has not started yet"));
        }

        var age = time.GetUtcNow() - last;
        return Task.FromResult(age <= options.Value.Interval * 3
            ? HealthCheckResult.Healthy($"last beat {age.TotalSeconds:F0}s ago")
            : new HealthCheckResult(context.Registration.FailureStatus, $"no beat for {age.TotalSeconds:F0}s"));
    }
}
