using System.CommandLine;
using System.Globalization;
using XBot.Core.Insights;
using XBot.Core.Storage.Tweets;

namespace XBot.Worker.Cli;

/// <summary>
/// The read side from the command line, as the api serves it: <c>posts list</c>, <c>posts show ID</c>
/// (GET /api/posts, /api/posts/{id}) and <c>db overview</c> (GET /api/database).
/// </summary>
public static class InsightCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var limit = new Option<int>("--limit") { Description = $"How many posts, 1-{PostInsights.MaxLimit}.", DefaultValueFactory = _ => 20 };
        var before = new Option<long?>("--before") { Description = "Only posts with a smaller id (the next page)." };
        var status = new Option<string?>("--status") { Description = $"Only posts in these statuses (comma-separated): {string.Join(", ", TweetStatus.All)}." };
        var list = new Command("list", "Recent posts, newest first: status, engagement rate, tier, and the score that picked each.") { limit, before, status };
        list.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var (count, from, state) = (parse.GetValue(limit), parse.GetValue(before), parse.GetValue(status));
            if (count is < 1 or > PostInsights.MaxLimit)
            {
                throw new CliException($"--limit must be a whole number from 1 to {PostInsights.MaxLimit}; got {count}.", 2);
            }
            if (from is <= 0)
            {
                throw new CliException("--before must be a positive post id.", 2);
            }
            string[]? statuses = null;
            if (state is not null && (statuses = PostInsights.ParseStatuses(state)) is null)
            {
                throw new CliException($"--status must be one or more (comma-separated) of {string.Join(", ", TweetStatus.All)}; got '{state}'.", 2);
            }
            var page = await services.GetRequiredService<PostInsights>().ListAsync(count, from, statuses, token);
            var lines = page.Items.Select(Line).ToList();
            lines.Add(page.Items.Count == 0 ? "No posts." : page.NextBefore is { } next ? $"More: posts list --before {next}" : "No more posts.");
            output.Result(page, string.Join(Environment.NewLine, lines));
            return 0;
        }, redis: false, database: true, ct));

        var id = new Argument<long>("ID") { Description = "The post's row id (posts list)." };
        var show = new Command("show", "One post: its metrics, the decision that picked it with the parts of its score, and its lifecycle history.") { id };
        show.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var detail = await services.GetRequiredService<PostInsights>().GetAsync(parse.GetValue(id), token)
                ?? throw new CliException($"There is no post {parse.GetValue(id)}; see posts list.", 1);
            output.Result(detail, Describe(detail));
            return 0;
        }, redis: false, database: true, ct));

        return [new Command("posts", "Posts with their decisions and lifecycle.") { list, show }];
    }

    /// <summary><c>db overview</c>, added to the <c>db</c> area.</summary>
    public static Command DatabaseOverview(CliContext context)
    {
        var statements = new Option<int>("--statements") { Description = $"How many of the slowest statements, 1-{Core.Insights.DatabaseOverview.MaxStatements}.", DefaultValueFactory = _ => 10 };
        var command = new Command("overview", "Connections by state, table sizes, and the slowest statements (pg_stat_statements).") { statements };
        command.SetAction((parse, ct) => context.RunAsync(parse, async (services, output, token) =>
        {
            var count = parse.GetValue(statements);
            if (count is < 1 or > Core.Insights.DatabaseOverview.MaxStatements)
            {
                throw new CliException($"--statements must be a whole number from 1 to {Core.Insights.DatabaseOverview.MaxStatements}; got {count}.", 2);
            }
            var report = await services.GetRequiredService<Core.Insights.DatabaseOverview>().ReadAsync(count, token);
            var lines = new List<string>
            {
                $"{report.Database} (PostgreSQL {report.ServerVersion}), {Bytes(report.DatabaseBytes)}",
                "connections: " + string.Join(", ", report.Connections.Select(c => $"{c.State} {c.Connections}")),
                "tables:",
            };
            lines.AddRange(report.Tables.Select(t => $"  {t.Table,-28} {Bytes(t.TotalBytes),10}  ~{t.EstimatedRows?.ToString(CultureInfo.InvariantCulture) ?? "?"} rows"));
            lines.Add(report.StatementsAvailable ? "slowest statements (mean):" : report.StatementsNote!);
            lines.AddRange(report.SlowStatements.Select(s => $"  {s.MeanMs,9:0.00} ms x {s.Calls}  {OneLine(s.Query)}"));
            output.Result(report, string.Join(Environment.NewLine, lines));
            return 0;
        }, redis: false, database: true, ct));
        return command;
    }

    private static string Line(PostInsight p) =>
        string.Create(CultureInfo.InvariantCulture,
            $"#{p.Id}  {p.Status,-17} {p.PostedAt?.ToString("u", CultureInfo.InvariantCulture) ?? "-",-20}  {p.Topic ?? "-",-12} rate {(p.EngagementRate is { } r ? r.ToString("0.0000", CultureInfo.InvariantCulture) : "n/a"),-7} {p.Tier ?? "-",-6} score {(p.Decision?.Score?.Score is { } s ? s.ToString("0.000", CultureInfo.InvariantCulture) : "-")}  {OneLine(p.Content)}");

    private static string Describe(PostDetail detail)
    {
        var p = detail.Post;
        var lines = new List<string>
        {
            Line(p),
            $"  tweet id {p.TweetId}{(p.XUrl is { } url ? $"  {url}" : "")}",
            string.Create(CultureInfo.InvariantCulture, $"  metrics: likes {p.Metrics.Likes}, retweets {p.Metrics.Retweets}, replies {p.Metrics.Replies}, quotes {p.Metrics.Quotes}, bookmarks {p.Metrics.Bookmarks}, impressions {p.Metrics.Impressions}"),
        };
        if (p.Decision is { } d)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"  decision #{d.Id} at {d.DecidedAt:u}: {d.Outcome} by the {d.Engine} among {d.Candidates} candidate(s){(d.Reason is null ? "" : $" ({d.Reason})")}"));
            if (d.Score is { } s)
            {
                lines.Add(string.Create(CultureInfo.InvariantCulture, $"    heuristic: priority {s.Priority:0.000}, score {s.Score:0.000}"));
                if (s.Bandit is { } b)
                {
                    lines.Add(string.Create(CultureInfo.InvariantCulture,
                        $"    bandit: sample {b.Sample:0.000}{(b.Explored ? " (explored)" : "")} + freshness {b.Freshness:0.000} - diversity {b.Diversity:0.000} = {b.Total:0.000}; expected reward {b.ExpectedReward:0.000}"));
                }
            }
        }
        else
        {
            lines.Add("  no scheduling decision names this post");
        }
        lines.Add("  history:");
        lines.AddRange(detail.History.Select(h => $"    {h.At:u}  {h.Event,-20} {h.From ?? ""} -> {h.To ?? ""}  {h.Reason ?? ""}  by {h.Actor ?? "?"}{(h.Error is null ? "" : $"  error: {h.Error}")}"));
        return string.Join(Environment.NewLine, lines);
    }

    private static string Bytes(long bytes) => bytes switch
    {
        >= 1 << 30 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 30):0.0} GB"),
        >= 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.0} MB"),
        >= 1 << 10 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:0} kB"),
        _ => $"{bytes} B",
    };

    private static string OneLine(string text)
    {
        var flat = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > 80 ? flat[..77] + "..." : flat;
    }
}
