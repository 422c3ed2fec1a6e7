using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace XBot.Worker.Services;

/// <summary>Unhealthy while the last <see cref="CycleMonitorOptions.FailuresBeforeAlert"/> or more cycles all failed.</summary>
public sealed class CycleFailuresHealthCheck(CycleTracker tracker, IOptions<CycleMonitorOptions> options) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var failures = tracker.ConsecutiveFailures;
        return Task.FromResult(failures < options.Value.FailuresBeforeAlert
            ? HealthCheckResult.Healthy(failures == 0 ? "the last scheduling cycle succeeded" : $"{failures} scheduling cycle(s) failed in a row")
            : new HealthCheckResult(context.Registration.FailureStatus, $"{failures} scheduling cycles failed in a row; last error: {tracker.LastError}"));
    }
}
