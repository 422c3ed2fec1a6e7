using System.Text.Json.Serialization;

namespace XBot.Core.Monitoring;

/// <summary>Where an SLO stands: met, warning (error rate only), breached, or no data in the window.</summary>
public enum SloStatus
{
    Met,
    Warning,
    Breached,
    NoData,
}

/// <summary>One SLO of runbooks.md §10: its figure over the window, its target, and its status.</summary>
public sealed record Slo(string Name, double? Value, string Unit, string Target, [property: JsonConverter(typeof(SloStatusJsonConverter))] SloStatus Status, string Detail);

/// <summary>The status as the report shows it everywhere (api and CLI): met, warning, breached, no_data.</summary>
public sealed class SloStatusJsonConverter() : JsonStringEnumConverter<SloStatus>(System.Text.Json.JsonNamingPolicy.SnakeCaseLower);

/// <summary>
/// The raw figures the SLOs come from, read from recorded rows over one window: posts (<c>tweets</c>), the
/// engagement backfill and the monitor's own passes (<c>system_health</c>), and the scheduling cycles
/// (<c>schedule_decisions</c>).
/// </summary>
public sealed record SloFigures(
    long PostsMeasured,
    double? PostingLatencyP95Seconds,
    long BackfillDue,
    long BackfillSucceeded,
    long HealthChecks,
    long HealthChecksUp,
    double? DataDriftPercent,
    double? QueueLagSeconds,
    long ApiRequests,
    double? ApiP95Ms,
    long DatabaseSamples,
    double? DatabaseP95Ms,
    long Cycles,
    long FailedCycles)
{
    public static readonly SloFigures Empty = new(0, null, 0, 0, 0, 0, null, null, 0, null, 0, null, 0, 0);
}

/// <summary>The thresholds of runbooks.md §10, and how each figure becomes a status.</summary>
public static class SloTargets
{
    public const double PostingLatencyP95Seconds = 2;
    public const double BackfillSuccessPercent = 99;
    public const double UptimePercent = 99.9;
    public const double DataDriftPercent = 1;
    public static readonly TimeSpan QueueLag = TimeSpan.FromHours(2);
    public const double ApiP95Ms = 500;
    public const double DatabaseP95Ms = 100;
    public const double ErrorRateWarningPercent = 0.1;
    public const double ErrorRateCriticalPercent = 1;

    public const string PostingLatency = "posting_latency_p95";
    public const string BackfillSuccess = "backfill_success";
    public const string Uptime = "uptime";
    public const string DataDrift = "data_drift";
    public const string QueueLagName = "queue_lag";
    public const string ApiLatency = "api_p95";
    public const string DatabaseLatency = "database_p95";
    public const string ErrorRate = "error_rate";

    public static IReadOnlyList<Slo> Evaluate(SloFigures f)
    {
        double? Percent(long part, long whole) => whole == 0 ? null : Math.Round(100.0 * part / whole, 3);
        var uptime = Percent(f.HealthChecksUp, f.HealthChecks);
        var backfill = Percent(f.BackfillSucceeded, f.BackfillDue);
        var errors = Percent(f.FailedCycles, f.Cycles);
        return
        [
            new(PostingLatency, Round(f.PostingLatencyP95Seconds), "s", $"< {PostingLatencyP95Seconds} s",
                Below(f.PostingLatencyP95Seconds, PostingLatencyP95Seconds), $"{f.PostsMeasured} posts"),
            new(BackfillSuccess, backfill, "%", $"> {BackfillSuccessPercent} %", Above(backfill, BackfillSuccessPercent),
                $"{f.BackfillSucceeded} of {f.BackfillDue} readings"),
            new(Uptime, uptime, "%", $"> {UptimePercent} %", Above(uptime, UptimePercent), $"{f.HealthChecksUp} of {f.HealthChecks} health checks up"),
            new(DataDrift, f.DataDriftPercent, "%", $"< {DataDriftPercent} %", Below(f.DataDriftPercent, DataDriftPercent), "the latest consistency audit"),
            new(QueueLagName, Round(f.QueueLagSeconds), "s", $"< {QueueLag.TotalSeconds} s", Below(f.QueueLagSeconds, QueueLag.TotalSeconds),
                "the oldest sync-queue item at the latest health check"),
            new(ApiLatency, Round(f.ApiP95Ms), "ms", $"< {ApiP95Ms} ms", Below(f.ApiP95Ms, ApiP95Ms), $"{f.ApiRequests} api requests"),
            new(DatabaseLatency, Round(f.DatabaseP95Ms), "ms", $"< {DatabaseP95Ms} ms", Below(f.DatabaseP95Ms, DatabaseP95Ms), $"{f.DatabaseSamples} timed queries"),
            new(ErrorRate, errors, "%", $"<= {ErrorRateWarningPercent} % (critical > {ErrorRateCriticalPercent} %)",
                errors is not { } e ? SloStatus.NoData : e > ErrorRateCriticalPercent ? SloStatus.Breached : e > ErrorRateWarningPercent ? SloStatus.Warning : SloStatus.Met,
                $"{f.FailedCycles} of {f.Cycles} scheduling cycles failed"),
        ];
    }

    /// <summary>The worst status among SLOs with data: what the <c>slo</c> row's status says.</summary>
    public static SloStatus Worst(IEnumerable<Slo> slos) =>
        slos.Where(s => s.Status != SloStatus.NoData).Select(s => s.Status).DefaultIfEmpty(SloStatus.Met).Max();

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 3) : null;

    private static SloStatus Below(double? value, double limit) => value is not { } v ? SloStatus.NoData : v < limit ? SloStatus.Met : SloStatus.Breached;

    private static SloStatus Above(double? value, double limit) => value is not { } v ? SloStatus.NoData : v > limit ? SloStatus.Met : SloStatus.Breached;
}
