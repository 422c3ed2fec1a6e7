using System.CommandLine;
using System.Globalization;
using System.Text;
using XBot.Core.Operations;

namespace XBot.Worker.Cli;

/// <summary><c>metrics</c> and <c>rate-limits</c>: the figures of GET /api/metrics and GET /api/rate-limit-status, from the same readers.</summary>
public static class StatusCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var metrics = new Command("metrics", "Rows per post status, posts in the last hour and day, and the store's mode (as GET /api/metrics).");
        metrics.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var report = await services.GetRequiredService<MetricsReader>().ReadAsync(token);
            var byStatus = report.TweetsByStatus.Count == 0 ? "none" : string.Join(", ", report.TweetsByStatus.Select(p => $"{p.Key} {p.Value}"));
            output.Result(report,
                $"Metrics at {Time(report.At)} (store: {report.StoreMode})\n" +
                $"  posts (posted or shadowed): {report.PostsLastHour} in the last hour, {report.PostsLast24Hours} in the last 24 h\n" +
                $"  rows by status: {byStatus}");
            return 0;
        }, redis: true, database: true, ct));

        var rateLimits = new Command("rate-limits", "The bot's posting caps (used and left, nothing consumed) and the windows X last reported (as GET /api/rate-limit-status).");
        rateLimits.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var report = await services.GetRequiredService<RateLimitStatusReader>().ReadAsync(token);
            var text = new StringBuilder();
            text.AppendLine(CultureInfo.InvariantCulture, $"Caps (rate_limits, counted by {report.Source}):");
            foreach (var cap in report.Caps)
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"  {cap.Name,-14} {cap.Used} of {cap.Limit} used, {cap.Remaining} left{(cap.ResetAt is { } at ? $", a slot frees at {Time(at)}" : "")}");
            }
            text.Append("X windows:");
            if (report.XWindows.Count == 0)
            {
                text.Append(" none reported (no X call yet, or every window has reset)");
            }
            foreach (var window in report.XWindows)
            {
                text.Append(CultureInfo.InvariantCulture, $"\n  {window.Endpoint} ({window.Scope}): {window.Remaining} left of {window.Limit?.ToString(CultureInfo.InvariantCulture) ?? "?"}, resets {Time(window.ResetAt)}");
            }
            output.Result(report, text.ToString());
            return 0;
        }, redis: true, database: true, ct));

        return [metrics, rateLimits];
    }

    private static string Time(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
}
