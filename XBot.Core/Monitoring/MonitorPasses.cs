using System.Text.Json.Nodes;

namespace XBot.Core.Monitoring;

/// <summary>What one pass found: its <c>system_health</c> row and what each watched condition did.</summary>
public sealed record PassResult(string Pass, DateTimeOffset At, string Status, JsonObject Metrics, IReadOnlyDictionary<string, ConditionChange> Conditions, IReadOnlyList<string> Problems);

/// <summary>
/// The monitor's three passes by name (runbooks.md §10): <see cref="HealthPass"/>, <see cref="DriftPass"/> and
/// <see cref="PerformancePass"/>. Each writes its <c>system_health</c> rows and observes its conditions through
/// <see cref="AlertConditions"/>, which alerts once per bad spell. The worker runs them on a schedule, the CLI's
/// <c>monitor check</c> once.
/// </summary>
public sealed class MonitorPasses(HealthPass health, DriftPass drift, PerformancePass performance)
{
    public const string Health = "health";
    public const string Drift = "drift";
    public const string Performance = "performance";

    public static readonly IReadOnlyList<string> All = [Health, Drift, Performance];

    public Task<PassResult> RunAsync(string pass, CancellationToken cancellationToken) => pass switch
    {
        Health => health.RunAsync(cancellationToken),
        Drift => drift.RunAsync(cancellationToken),
        Performance => performance.RunAsync(cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(pass), pass, "health, drift or performance"),
    };

    /// <summary>An SLO status as rows and reports write it.</summary>
    public static string SloText(SloStatus status) => status switch
    {
        SloStatus.Met => "met",
        SloStatus.Warning => "warning",
        SloStatus.Breached => "breached",
        _ => "no_data",
    };
}
