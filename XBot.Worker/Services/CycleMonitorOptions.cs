using System.ComponentModel.DataAnnotations;

namespace XBot.Worker.Services;

/// <summary>How the worker judges its scheduling loop (section <c>Worker:Cycles</c>).</summary>
public sealed class CycleMonitorOptions
{
    public const string Section = "Worker:Cycles";

    /// <summary>Consecutive failed cycles that raise a CRITICAL alert and turn /health Unhealthy.</summary>
    [Range(1, 100, ErrorMessage = "Worker:Cycles:FailuresBeforeAlert must be a whole number from 1 to 100.")]
    public int FailuresBeforeAlert { get; set; } = 3;

    /// <summary>How long a health check of the loop may take before it counts as failed.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00", ErrorMessage = "Worker:Cycles:HealthCheckTimeout must be between 00:00:01 and 00:01:00.")]
    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
