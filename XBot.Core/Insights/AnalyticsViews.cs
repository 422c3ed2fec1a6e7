using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Schema;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Insights;

/// <summary>A page of one analytics view: its rows as column → value, in the view's natural order.</summary>
public sealed record AnalyticsPage(string View, IReadOnlyList<JsonObject> Rows, int Offset, int? NextOffset);

/// <summary>Mean engagement of the posts of one topic at one UTC hour: a cell of the topic × hour heat map.</summary>
public sealed record TopicHourCell(string Topic, int Hour, int Posts, double? AverageEngagementRate);

public sealed record TopicHourReport(int Days, IReadOnlyList<TopicHourCell> Cells);

/// <summary>
/// The six analytics views of runbooks §3, read by whitelisted name only (the name never reaches SQL from the
/// caller: each has its own fixed statement and order), and the topic × hour grid the heat map draws.
/// </summary>
public sealed class AnalyticsViews(NpgsqlDataSource dataSource, TimeProvider time)
{
    public const int MaxLimit = 500;
    public const int MaxDays = 90;

    private static readonly Dictionary<string, string> OrderBy = new(StringComparer.Ordinal)
    {
        ["vw_recent_posts"] = "posted_at DESC, id DESC",
        ["vw_topics_perf_7d"] = "post_count DESC, topic",
        ["vw_time_of_day_perf_7d"] = "posting_hour",
        ["vw_learning_performance"] = "day DESC",
        ["vw_bandit_performance"] = "day DESC",
        ["vw_content_sources_perf"] = "post_count DESC, source",
    };

    /// <summary>The view names, in the order runbooks §3 lists them.</summary>
    public static IReadOnlyList<string> Names => ViewDeclarations.Runbook;

    public static bool IsKnown(string view) => OrderBy.ContainsKey(view);

    public async Task<AnalyticsPage> ReadAsync(string view, int limit, int offset, CancellationToken cancellationToken)
    {
        if (!OrderBy.TryGetValue(view, out var order))
        {
            throw new ArgumentException($"'{view}' is not an analytics view; one of {string.Join(", ", Names)}.", nameof(view));
        }
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        // One row beyond the page says whether there is a next one.
        await using var command = dataSource.CreateCommand($"SELECT * FROM {view} ORDER BY {order} LIMIT @limit OFFSET @offset");
        command.Parameters.AddWithValue("limit", limit + 1);
        command.Parameters.AddWithValue("offset", offset);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<JsonObject>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var row = new JsonObject();
            for (var i = 0; i < reader.FieldCount; i++)
            {
                row[reader.GetName(i)] = Value(reader, i);
            }
            rows.Add(row);
        }
        var more = rows.Count > limit;
        return new AnalyticsPage(view, more ? rows[..limit] : rows, offset, more ? offset + limit : null);
    }

    /// <summary>Published posts of the last <paramref name="days"/> days by topic and UTC posting hour, with their mean engagement rate.</summary>
    public async Task<TopicHourReport> TopicHourAsync(int days, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(days, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(days, MaxDays);
        await using var command = dataSource.CreateCommand("""
            SELECT coalesce(topic, 'none'), extract(hour FROM posted_at AT TIME ZONE 'UTC')::int, count(*),
                   avg(CASE WHEN (engagement ->> 'impressions')::bigint > 0 THEN
                       (coalesce((engagement ->> 'likes')::bigint, 0) + coalesce((engagement ->> 'retweets')::bigint, 0) + coalesce((engagement ->> 'replies')::bigint, 0)
                        + coalesce((engagement ->> 'quotes')::bigint, 0) + coalesce((engagement ->> 'bookmarks')::bigint, 0))::double precision
                       / (engagement ->> 'impressions')::bigint END)
            FROM tweets
            WHERE status = @posted AND posted_at > @since AND posted_at <= @now
            GROUP BY 1, 2 ORDER BY 1, 2
            """);
        var now = time.GetUtcNow();
        command.Parameters.AddWithValue("posted", TweetStatus.Posted);
        command.Parameters.AddWithValue("since", now.AddDays(-days));
        command.Parameters.AddWithValue("now", now);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var cells = new List<TopicHourCell>();
        while (await reader.ReadAsync(cancellationToken))
        {
            cells.Add(new TopicHourCell(reader.GetString(0), reader.GetInt32(1), (int)reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetDouble(3)));
        }
        return new TopicHourReport(days, cells);
    }

    private static JsonNode? Value(NpgsqlDataReader reader, int ordinal)
    {
        if (reader.IsDBNull(ordinal))
        {
            return null;
        }
        return reader.GetValue(ordinal) switch
        {
            long l => JsonValue.Create(l),
            int i => JsonValue.Create(i),
            short s => JsonValue.Create(s),
            double d => JsonValue.Create(d),
            float f => JsonValue.Create(f),
            decimal m => JsonValue.Create(m),
            bool b => JsonValue.Create(b),
            DateOnly day => JsonValue.Create(day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            DateTime t => JsonValue.Create(new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc))),
            var other => JsonValue.Create(Convert.ToString(other, System.Globalization.CultureInfo.InvariantCulture)),
        };
    }
}
