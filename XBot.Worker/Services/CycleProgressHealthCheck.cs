using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using XBot.Core.Scheduling;
using XBot.Core.Time;

namespace XBot.Worker.Services;

/// <summary>
/// Liveness of the scheduling loop: Unhealthy when no cycle has completed (whatever its outcome) for
/// twice the cycle interval, which is what a hung cycle or a dead loop looks like.
/// </summary>
public sealed class CycleProgressHealthCheck(CycleTracker tracker, IOptions<SchedulerOptions> scheduler, TimeProvider time) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!scheduler.Value.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("the scheduler is disabled (Scheduler:Enabled=false)"));
        }

        var limit = scheduler.Value.CycleInterval * 2;
        var last = tracker.LastCompleted;
        var age = time.Physical().GetUtcNow() - (last ?? tracker.StartedAt);
        if (age <= limit)
        {
            return Task.FromResult(HealthCheckResult.Healthy(last is null
                ? "waiting for the first scheduling cycle"
                : $"last scheduling cycle completed {age.TotalSeconds:F0}s ago"));
        }
        return Task.FromResult(new HealthCheckResult(context.Registration.FailureStatus,
            $"no scheduling cycle has completed for {age.TotalSeconds:F0}s (limit {limit.TotalSeconds:F0}s, twice Scheduler:CycleInterval)"));
    }
}
