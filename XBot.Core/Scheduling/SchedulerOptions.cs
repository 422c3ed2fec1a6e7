using System.ComponentModel.DataAnnotations;

namespace XBot.Core.Scheduling;

/// <summary>How the scheduling loop runs (section <c>Scheduler</c>); what it decides comes from bot_config.</summary>
public sealed class SchedulerOptions : IValidatableObject
{
    public const string Section = "Scheduler";

    /// <summary>Time between cycles in continuous mode (runbooks §8: 5 minutes).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Scheduler:CycleInterval must be between 00:00:05 and 01:00:00.")]
    public TimeSpan CycleInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>IANA or Windows time-zone id in which the quiet hours are read.</summary>
    [Required]
    public string TimeZone { get; set; } = "UTC";

    /// <summary>How many of the best queued candidates are scored each cycle.</summary>
    [Range(1, 100, ErrorMessage = "Scheduler:TopCandidates must be between 1 and 100.")]
    public int TopCandidates { get; set; } = 10;

    /// <summary>How long a pick waits for a human approval before it expires.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "7.00:00:00", ErrorMessage = "Scheduler:ApprovalExpiry must be between 00:05:00 and 7.00:00:00.")]
    public TimeSpan ApprovalExpiry { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Run cycles in the worker; off for a worker that should only serve the CLI or health.</summary>
    public bool Enabled { get; set; } = true;

    public TimeZoneInfo ResolveTimeZone() => TimeZoneInfo.FindSystemTimeZoneById(TimeZone);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out _))
        {
            yield return new ValidationResult($"Scheduler:TimeZone '{TimeZone}' is not a known time zone; use an IANA id such as 'Europe/London'.", [nameof(TimeZone)]);
        }
    }
}
