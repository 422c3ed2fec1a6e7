using System.CommandLine;
using XBot.Core.Spend;

namespace XBot.Worker.Cli;

/// <summary><c>spend</c>: today's and this month's X spend against the caps (as GET /api/spend).</summary>
public static class SpendCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var spend = new Command("spend", "X pay-per-use spend today (UTC) and this month, against spend_daily_usd and spend_monthly_usd.");
        spend.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var report = await services.GetRequiredService<SpendLedger>().ReportAsync(token);
            static string Cap(decimal? cap) => cap is { } c ? $"${c:0.##}" : "no cap";
            output.Result(report,
                $"X spend in {report.Environment}: today ${report.TodayUsd:0.###} of {Cap(report.DailyCapUsd)}, this month ${report.MonthUsd:0.###} of {Cap(report.MonthlyCapUsd)}" +
                (report.TodayByOperation.Count == 0 ? "" : " (today: " + string.Join(", ", report.TodayByOperation.Select(p => $"{p.Key} ${p.Value:0.###}")) + ")"));
            return 0;
        }, redis: true, database: true, ct));
        return [spend];
    }
}
