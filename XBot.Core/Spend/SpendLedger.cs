using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Config;
using XBot.Core.Configuration;
using XBot.Core.Text;

namespace XBot.Core.Spend;

/// <summary>Today's (UTC) and this month's X spend against the caps; a null cap means none is set.</summary>
public sealed record SpendReport(string Environment, DateTimeOffset At, decimal TodayUsd, decimal MonthUsd, decimal? DailyCapUsd, decimal? MonthlyCapUsd,
    IReadOnlyDictionary<string, decimal> TodayByOperation);

/// <summary>
/// The X spend ledger (<c>x_spend_ledger</c>): records what each answered call cost at the configured prices,
/// and answers whether one more call would take today's or this month's spend over <c>spend_daily_usd</c> /
/// <c>spend_monthly_usd</c>, so the scheduler holds a post back before X would bill it.
/// </summary>
public sealed class SpendLedger(NpgsqlDataSource dataSource, ConfigStore config, IOptions<SpendOptions> prices, XBotOptions options, TimeProvider time)
{
    /// <summary>X bills a post that carries a URL at a higher price.</summary>
    public static string PostOperation(string text) => Extract.Urls(text).Count > 0 ? "post_with_url" : "post";

    public decimal PriceOfPost(string text) =>
        PostOperation(text) == "post_with_url" ? prices.Value.PostWithUrlUsd : prices.Value.PostUsd;

    public async Task RecordAsync(string operation, int units, string endpoint, CancellationToken cancellationToken)
    {
        var unit = operation switch
        {
            "post" => prices.Value.PostUsd,
            "post_with_url" => prices.Value.PostWithUrlUsd,
            "read" => prices.Value.ReadUsd,
            _ => throw new ArgumentOutOfRangeException(nameof(operation), operation, "post, post_with_url or read"),
        };
        await using var command = dataSource.CreateCommand(
            "INSERT INTO x_spend_ledger (environment, at, operation, units, cost_usd, endpoint) VALUES (@env, @at, @op, @units, @cost, @endpoint)");
        command.Parameters.AddWithValue("env", options.AppEnv);
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        command.Parameters.AddWithValue("op", operation);
        command.Parameters.AddWithValue("units", units);
        command.Parameters.AddWithValue("cost", unit * units);
        command.Parameters.AddWithValue("endpoint", endpoint);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<SpendReport> ReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        var month = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero);
        await using var command = dataSource.CreateCommand("""
            SELECT operation, coalesce(sum(cost_usd) FILTER (WHERE at >= @day), 0), coalesce(sum(cost_usd), 0)
            FROM x_spend_ledger WHERE environment = @env AND at >= @month GROUP BY operation
            """);
        command.Parameters.AddWithValue("env", options.AppEnv);
        command.Parameters.AddWithValue("day", day);
        command.Parameters.AddWithValue("month", month);
        var byOperation = new SortedDictionary<string, decimal>(StringComparer.Ordinal);
        decimal today = 0, monthTotal = 0;
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                byOperation[reader.GetString(0)] = reader.GetDecimal(1);
                today += reader.GetDecimal(1);
                monthTotal += reader.GetDecimal(2);
            }
        }
        return new SpendReport(options.AppEnv, now, today, monthTotal,
            await CapAsync(BotConfigKeys.SpendDailyUsd, cancellationToken), await CapAsync(BotConfigKeys.SpendMonthlyUsd, cancellationToken), byOperation);
    }

    /// <summary>Null when a call costing <paramref name="cost"/> fits both caps; otherwise why it does not.</summary>
    public async Task<string?> WouldExceedAsync(decimal cost, CancellationToken cancellationToken)
    {
        var report = await ReportAsync(cancellationToken);
        if (report.DailyCapUsd is { } daily && report.TodayUsd + cost > daily)
        {
            return $"spend cap: today's X spend ${report.TodayUsd:0.###} + ${cost:0.###} would exceed spend_daily_usd ${daily:0.##}";
        }
        if (report.MonthlyCapUsd is { } monthly && report.MonthUsd + cost > monthly)
        {
            return $"spend cap: this month's X spend ${report.MonthUsd:0.###} + ${cost:0.###} would exceed spend_monthly_usd ${monthly:0.##}";
        }
        return null;
    }

    private async Task<decimal?> CapAsync(string key, CancellationToken cancellationToken)
    {
        var value = (await config.GetAsync(key, cancellationToken)).Value;
        return value.GetValueKind() == System.Text.Json.JsonValueKind.Number ? value.GetValue<decimal>() : null;
    }
}
