using System.ComponentModel.DataAnnotations;

namespace XBot.Worker.Services;

/// <summary>
/// How the worker keeps its queue supplied (section <c>Candidates:Supply</c>): a refresh of every source
/// at start, then at least every <see cref="RefreshInterval"/>, and sooner when fewer than
/// <see cref="LowWater"/> candidates are queued. Queued candidates expire after 48 h, so a bot that
/// stopped refreshing would stop posting two days later.
/// </summary>
public sealed class CandidateSupplyOptions
{
    public const string Section = "Candidates:Supply";

    /// <summary>False leaves refreshing to the operator (<c>candidates refresh</c>, the dashboard's refresh-candidates command).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// A refresh at least this often, even with enough queued: it picks up new feed items and LLM drafts. Not
    /// more often by default, because the built-in templates are finite and a refresh uses a batch of them.
    /// </summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00", ErrorMessage = "Candidates:Supply:RefreshInterval must be between 00:01:00 and 7.00:00:00, for example 1.00:00:00.")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromDays(1);

    /// <summary>Fewer queued candidates than this trigger a refresh at the next check. 0 refreshes only on the interval.</summary>
    [Range(0, 1000, ErrorMessage = "Candidates:Supply:LowWater must be a whole number from 0 to 1000, for example 10.")]
    public int LowWater { get; set; } = 10;

    /// <summary>How often the queue's size is looked at.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00", ErrorMessage = "Candidates:Supply:CheckInterval must be between 00:00:01 and 01:00:00, for example 00:05:00.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromMinutes(5);
}
