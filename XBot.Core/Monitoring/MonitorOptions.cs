using System.ComponentModel.DataAnnotations;

namespace XBot.Core.Monitoring;

/// <summary>
/// The monitor's schedule and alerting (section <c>Monitor</c>, runbooks.md §10): health every 5 minutes,
/// drift hourly, performance every minute. Validated at start-up; an error names the key and its range.
/// </summary>
public sealed class MonitorOptions
{
    public const string Section = "Monitor";

    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Monitor:HealthInterval must be between 00:00:00.100 and 1.00:00:00.")]
    public TimeSpan HealthInterval { get; set; } = TimeSpan.FromMinutes(5);

    [Range(typeof(TimeSpan), "00:00:00.100", "7.00:00:00", ErrorMessage = "Monitor:DriftInterval must be between 00:00:00.100 and 7.00:00:00.")]
    public TimeSpan DriftInterval { get; set; } = TimeSpan.FromHours(1);

    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00", ErrorMessage = "Monitor:PerformanceInterval must be between 00:00:00.100 and 1.00:00:00.")]
    public TimeSpan PerformanceInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the loop re-reads the <c>monitoring</c> feature flag: a flip acts within this.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00", ErrorMessage = "Monitor:GateInterval must be between 00:00:00.050 and 00:01:00.")]
    public TimeSpan GateInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The longest one pass may take; a pass that takes longer is abandoned and logged, and the loop goes on.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Monitor:PassTimeout must be between 00:00:01 and 01:00:00.")]
    public TimeSpan PassTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The span the SLOs are computed over.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00", ErrorMessage = "Monitor:SloWindow must be between 00:01:00 and 90.00:00:00.")]
    public TimeSpan SloWindow { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How long the monitor's own system_health rows are kept; older ones are deleted by the drift pass.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00", ErrorMessage = "Monitor:Retention must be between 1.00:00:00 and 3650.00:00:00.")]
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>
    /// Consecutive bad observations before a condition alerts: one failed ping is a blip, not an outage
    /// (no false alarms). 1 alerts at once.
    /// </summary>
    [Range(1, 20, ErrorMessage = "Monitor:ConfirmObservations must be a whole number from 1 to 20.")]
    public int ConfirmObservations { get; set; } = 2;

    /// <summary>Attempts per webhook POST (the first and its retries) after a 5xx, 408, 429, network error or timeout.</summary>
    [Range(1, 10, ErrorMessage = "Monitor:WebhookAttempts must be a whole number from 1 to 10.")]
    public int WebhookAttempts { get; set; } = 4;

    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00", ErrorMessage = "Monitor:WebhookRetryDelay must be between 00:00:00.010 and 00:01:00.")]
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.100", "00:01:00", ErrorMessage = "Monitor:WebhookTimeout must be between 00:00:00.100 and 00:01:00.")]
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);
}
