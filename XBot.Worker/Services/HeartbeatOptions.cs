using System.ComponentModel.DataAnnotations;

namespace XBot.Worker.Services;

public sealed class HeartbeatOptions
{
    public const string Section = "Worker:Heartbeat";

    /// <summary>How often the worker proves its background loop is alive.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Worker:Heartbeat:Interval must be between 00:00:01 and 01:00:00.")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(10);
}
