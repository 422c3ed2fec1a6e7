namespace XBot.Core.Monitoring;

/// <summary>The figures of the monitoring report (runbooks.md §10): live ones from the stores, the rest over the SLO window.</summary>
public sealed record MonitoringFigures(
    string Health,
    bool RedisOk,
    bool DatabaseOk,
    string StoreMode,
    double? UptimePercent,
    double? ErrorRatePercent,
    double? PostingLatencyP95Seconds,
    double? ApiP95Ms,
    double? DatabaseP95Ms,
    long QueueDepth,
    long? SyncQueueDepth,
    double? SyncLagSeconds,
    double? DataDriftPercent,
    double? BackfillSuccessPercent,
    DateTimeOffset? LastPostAt,
    long PostsLastHour);

/// <summary>
/// The monitoring report: every figure, each SLO with its status, the conditions that are bad now, and when
/// each monitor pass last wrote its row. <c>GET /api/monitoring</c> and <c>monitor report</c> give it.
/// </summary>
public sealed record MonitoringReport(
    DateTimeOffset At,
    string Environment,
    double WindowHours,
    MonitorGateState Monitoring,
    MonitoringFigures Figures,
    IReadOnlyList<Slo> Slos,
    IReadOnlyList<ActiveAlert> Alerts,
    IReadOnlyDictionary<string, DateTimeOffset?> LastPass);
