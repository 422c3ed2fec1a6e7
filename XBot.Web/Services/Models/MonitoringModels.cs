using System.Text.Json;

namespace XBot.Web.Services.Models;

/// <summary>GET /api/monitoring: every figure (kept as the api's JSON), each SLO with its status, the open alerts.</summary>
public sealed record MonitoringReport(
    DateTimeOffset At,
    string Environment,
    double WindowHours,
    MonitorGate Monitoring,
    JsonElement Figures,
    IReadOnlyList<SloRow> Slos,
    IReadOnlyList<OpenAlert> Alerts,
    IReadOnlyDictionary<string, DateTimeOffset?> LastPass);

public sealed record MonitorGate(bool On, string Reason);

/// <summary>One SLO: <see cref="Status"/> is <c>met</c>, <c>warning</c>, <c>breached</c> or <c>no_data</c>.</summary>
public sealed record SloRow(string Name, double? Value, string Unit, string Target, string Status, string Detail)
{
    public string Badge => Status switch
    {
        "met" => "ok",
        "warning" => "warn",
        "breached" => "bad",
        _ => "",
    };

    public string Shown => Value is { } v ? $"{v:0.###} {Unit}".Trim() : "no data";
}

public sealed record OpenAlert(string Condition, string Severity, string Status, string EventType, string Message, int Observations, DateTimeOffset FirstSeenAt, DateTimeOffset LastSeenAt, DateTimeOffset? FiredAt);
