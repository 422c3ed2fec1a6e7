using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Learning;
using XBot.Core.Scheduling;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Insights;

/// <summary>
/// The read side of posts for the api, the CLI and the console: recent posts newest first, paged by id, each with
/// the latest scheduling decision that named it; and one post with its lifecycle history from the audit log.
/// </summary>
public sealed class PostInsights(NpgsqlDataSource dataSource)
{
    public const int MaxLimit = 200;

    private const string Select = """
        SELECT t.id, t.tweet_id, t.content, t.status, t.topic, t.source, t.priority, t.created_at, t.posted_at,
               t.engagement::text, t.reward, d.id, d.decided_at, d.outcome, d.reason, d.details::text
        FROM tweets t
        LEFT JOIN LATERAL (
            SELECT id, decided_at, outcome, reason, details FROM schedule_decisions
            WHERE tweet_row = t.id ORDER BY decided_at DESC, id DESC LIMIT 1) d ON true
        """;

    /// <summary>Statuses as the api and the CLI take them: one, or several separated by commas. Null when any is unknown.</summary>
    public static string[]? ParseStatuses(string text)
    {
        var statuses = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return statuses.Length > 0 && statuses.All(TweetStatus.IsKnown) ? statuses : null;
    }

    public async Task<PostPage> ListAsync(int limit, long? before, IReadOnlyList<string>? statuses, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxLimit);
        await using var command = dataSource.CreateCommand(Select + """

            WHERE (@statuses::text[] IS NULL OR t.status = ANY(@statuses)) AND (@before::bigint IS NULL OR t.id < @before)
            ORDER BY t.id DESC LIMIT @limit
            """);
        command.Parameters.Add(new NpgsqlParameter("statuses", NpgsqlTypes.NpgsqlDbType.Array | NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)statuses?.ToArray() ?? DBNull.Value });
        command.Parameters.AddWithValue("before", (object?)before ?? DBNull.Value);
        command.Parameters.AddWithValue("limit", limit);
        var items = await ReadAsync(command, cancellationToken);
        return new PostPage(items, items.Count == limit ? items[^1].Id : null);
    }

    public async Task<PostDetail?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Select + "\nWHERE t.id = @id");
        command.Parameters.AddWithValue("id", id);
        if ((await ReadAsync(command, cancellationToken)).SingleOrDefault() is not { } post)
        {
            return null;
        }
        return new PostDetail(post, await HistoryAsync(post.Id, post.TweetId, cancellationToken));
    }

    /// <summary>
    /// Every audit row about the post: queued and each transition (by row id), and the dual store's writes (by tweet
    /// id, which changes when X assigns its id: both the current and the local one are looked up through the transitions).
    /// </summary>
    private async Task<IReadOnlyList<LifecycleStep>> HistoryAsync(long id, string tweetId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH mine AS (
                SELECT id, timestamp, event_type, event_data, context FROM audit_log
                WHERE event_type IN ('POST_QUEUED', 'POST_TRANSITION') AND event_data ->> 'id' = @id
                UNION ALL
                SELECT id, timestamp, event_type, event_data, context FROM audit_log
                WHERE event_type IN ('TWEET_STORED', 'TWEET_STATUS_CHANGED') AND event_data ->> 'tweet_id' = @tweet_id)
            SELECT id, timestamp, event_type, event_data::text, context::text FROM mine ORDER BY timestamp, id
            """);
        command.Parameters.AddWithValue("id", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        command.Parameters.AddWithValue("tweet_id", tweetId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var steps = new List<LifecycleStep>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var data = JsonNode.Parse(reader.GetString(3)) as JsonObject ?? [];
            var context = JsonNode.Parse(reader.GetString(4)) as JsonObject ?? [];
            var eventType = reader.GetString(2);
            var (from, to) = eventType switch
            {
                "POST_QUEUED" => (null, TweetStatus.Queued),
                "POST_TRANSITION" => (Text(data["from"]), Text(data["to"])),
                "TWEET_STORED" => (null, Text(data["status"])),
                _ => (Text(data["old"]), Text(data["new"])),
            };
            steps.Add(new LifecycleStep(
                reader.GetInt64(0),
                reader.GetFieldValue<DateTimeOffset>(1),
                eventType,
                from,
                to,
                Text(data["reason"]),
                // Operators are named in the event (approvals, status changes); otherwise the process that made the change.
                Text(data["actor"]) ?? Text(context["actor"]) ?? Text(context["process"]),
                Text(data["error"])));
        }
        return steps;
    }

    /// <summary>A JSON string as is, an array (a transition's allowed "from" states) joined with '|'.</summary>
    private static string? Text(JsonNode? node) => node switch
    {
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        JsonArray a => string.Join('|', a.Select(e => e?.ToString())),
        null => null,
        _ => node.ToJsonString(),
    };

    private static async Task<List<PostInsight>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var posts = new List<PostInsight>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var id = reader.GetInt64(0);
            var tweetId = reader.GetString(1);
            var status = reader.GetString(3);
            var metrics = Engagement.Parse(reader.IsDBNull(9) ? null : reader.GetString(9));
            var decision = reader.IsDBNull(11) ? null : Decision(
                id, reader.GetInt64(11), reader.GetFieldValue<DateTimeOffset>(12), reader.GetString(13), reader.IsDBNull(14) ? null : reader.GetString(14), reader.GetString(15));
            posts.Add(new PostInsight(
                id,
                tweetId,
                reader.GetString(2),
                status,
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetDouble(6),
                reader.GetFieldValue<DateTimeOffset>(7),
                reader.IsDBNull(8) ? null : reader.GetFieldValue<DateTimeOffset>(8),
                metrics,
                metrics.Rate,
                metrics.Tier,
                reader.IsDBNull(10) ? null : reader.GetDouble(10),
                XUrl(status, tweetId),
                decision));
        }
        return posts;
    }

    /// <summary>Only a published post has an X id; a queued or shadowed one carries a local id.</summary>
    public static string? XUrl(string status, string tweetId) =>
        status == TweetStatus.Posted && !tweetId.StartsWith("local-", StringComparison.Ordinal) ? $"https://x.com/i/web/status/{Uri.EscapeDataString(tweetId)}" : null;

    /// <summary>The decision record (a serialised <see cref="CycleDecision"/>): the engine, and this post's entry among the scored candidates.</summary>
    private static PostDecision Decision(long postId, long id, DateTimeOffset at, string outcome, string? reason, string detailsJson)
    {
        var details = JsonNode.Parse(detailsJson) as JsonObject ?? [];
        var scores = details["Scores"] as JsonArray ?? [];
        var mine = scores.FirstOrDefault(s => s?["Id"] is JsonValue v && v.TryGetValue<long>(out var sid) && sid == postId);
        return new PostDecision(
            id,
            at,
            outcome,
            reason,
            details["Engine"]?.GetValue<string>() ?? "heuristic",
            scores.Count,
            mine?.Deserialize<CandidateScore>(),
            details["Comparison"] is JsonObject comparison ? comparison.Deserialize<ShadowComparison>() : null);
    }
}
