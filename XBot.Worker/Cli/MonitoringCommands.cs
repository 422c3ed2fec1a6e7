using System.CommandLine;
using System.Globalization;
using System.Text;
using XBot.Core.Monitoring;

namespace XBot.Worker.Cli;

/// <summary>
/// <c>monitor report</c> (the monitoring report of runbooks.md §10, as GET /api/monitoring) and
/// <c>monitor check</c> (one health, drift and performance pass now, with its rows and alerts).
/// </summary>
public static class MonitoringCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var monitor = new Command("monitor", "The monitor: its report, or one pass now.");
        monitor.Subcommands.Add(Report(context));
        monitor.Subcommands.Add(Check(context));
        return [monitor];
    }

    private static Command Report(CliContext context)
    {
        var window = new Option<int?>("--window-hours")
        {
            Description = "The span the SLOs cover, in hours (default Monitor:SloWindow, 24).",
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var hours) && hours >= 1 && hours <= MonitoringReporter.MaxWindow.TotalHours)
                {
                    return hours;
                }
                result.AddError($"--window-hours must be a whole number of hours from 1 to {MonitoringReporter.MaxWindow.TotalHours}; got '{token}'.");
                return null;
            },
        };
        var report = new Command("report", "Uptime, error rate, latencies, queue depth, sync lag, drift, backfill, each SLO's status and the open alerts.");
        report.Options.Add(window);
        report.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var hours = parse.GetValue(window);
            var result = await services.GetRequiredService<MonitoringReporter>().ReportAsync(hours is { } h ? TimeSpan.FromHours(h) : null, token);
            output.Result(result, Format(result));
            return 0;
        }, redis: true, database: true, ct));
        return report;
    }

    private static Command Check(CliContext context)
    {
        var check = new Command("check", "Run one health, drift and performance pass now: writes their system_health rows and raises (or resolves) their alerts. Exit 1 when a condition is bad.");
        check.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var passes = services.GetRequiredService<MonitorPasses>();
            var results = new List<PassResult>();
            foreach (var pass in MonitorPasses.All)
            {
                results.Add(await passes.RunAsync(pass, token));
            }
            var gate = await services.GetRequiredService<MonitorGate>().ReadAsync(token);
            var text = new StringBuilder();
            foreach (var result in results)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"{result.Pass}: {result.Status}");
                foreach (var problem in result.Problems)
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"  - {problem}");
                }
            }
            if (!gate.On)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"note: the scheduled monitor is off ({gate.Reason}); this check ran anyway.");
            }
            var bad = results.Any(r => r.Problems.Count > 0);
            output.Result(new { ok = !bad, monitoring = gate, passes = results }, text.ToString().TrimEnd());
            return bad ? 1 : 0;
        }, redis: true, database: true, ct));
        return check;
    }

    /// <summary>The report as text: figures first, then one line per SLO, then the open alerts.</summary>
    public static string Format(MonitoringReport report)
    {
        var f = report.Figures;
        static string N(double? value, string unit) => value is { } v ? $"{v.ToString("0.###", CultureInfo.InvariantCulture)} {unit}" : "n/a";
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"Monitoring report for {report.Environment} at {report.At.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}, over the last {report.WindowHours.ToString("0.##", CultureInfo.InvariantCulture)} h; monitor {(report.Monitoring.On ? "on" : "off")} ({report.Monitoring.Reason})");
        text.AppendLine(CultureInfo.InvariantCulture, $"Health: {f.Health} | Redis: {(f.RedisOk ? "ok" : "down")} | DB: {(f.DatabaseOk ? "ok" : "down")} | store mode: {f.StoreMode}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Uptime: {N(f.UptimePercent, "%")} | Error rate: {N(f.ErrorRatePercent, "%")} | Posting p95: {N(f.PostingLatencyP95Seconds, "s")} | API p95: {N(f.ApiP95Ms, "ms")} | DB p95: {N(f.DatabaseP95Ms, "ms")}");
        text.AppendLine(CultureInfo.InvariantCulture, $"Queue: {f.QueueDepth} | Sync queue: {f.SyncQueueDepth?.ToString(CultureInfo.InvariantCulture) ?? "n/a"} | Sync lag: {N(f.SyncLagSeconds, "s")} | Drift: {N(f.DataDriftPercent, "%")} | Backfill: {N(f.BackfillSuccessPercent, "%")}");
        text.AppendLine("SLOs:");
        foreach (var slo in report.Slos)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {slo.Name,-20} {N(slo.Value, slo.Unit),-12} target {slo.Target,-40} {MonitorPasses.SloText(slo.Status),-8} ({slo.Detail})");
        }
        text.AppendLine(report.Alerts.Count == 0 ? "Alerts: none" : "Alerts:");
        foreach (var alert in report.Alerts)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"  {alert.Severity.ToUpperInvariant()} {alert.EventType} [{alert.Condition}] {alert.Status} since {alert.FirstSeenAt.UtcDateTime:yyyy-MM-ddTHH:mm:ssZ}: {alert.Message}");
        }
        text.Append("Last passes: " + string.Join(", ", report.LastPass.Select(p => $"{p.Key} {(p.Value is { } at ? at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture) : "never")}")));
        return text.ToString();
    }
}
