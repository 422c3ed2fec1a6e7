using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Posting.Lifecycle;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// A row of <c>GET /api/queue</c>: the lifecycle columns, the safety verdict stored with the row, and the parts of the
/// latest score a scheduling cycle gave it (an entry of <c>schedule_decisions.details.Scores</c>: priority, score and,
/// when the bandit scored it, the bandit's parts), so the console can show why a candidate stands where it does.
/// </summary>
public sealed record QueueItem(
    long Id, string TweetId, string Content, string? ContentHash, string Status, string? Topic, string? Source, double? Priority,
    DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? PostedAt, Guid? AttemptId, DateTimeOffset? PostingStartedAt,
    DateTimeOffset? ApprovalDeadline, string? RequestId, string? LastError, JsonNode? SafetyVerdict, JsonNode? Score)
{
    /// <summary>How far back a cycle's scores are looked up: a candidate not scored for two days shows its priority only.</summary>
    public static readonly TimeSpan ScoreLookback = TimeSpan.FromDays(2);

    public static async Task<IReadOnlyList<QueueItem>> WithVerdictsAsync(IReadOnlyList<PostRow> rows, NpgsqlDataSource database, TimeProvider time, CancellationToken cancellationToken)
    {
        var ids = rows.Select(r => r.Id).ToArray();
        var verdicts = new Dictionary<long, JsonNode?>();
        var scores = new Dictionary<long, JsonNode?>();
        if (ids.Length > 0)
        {
            await using var command = database.CreateCommand("""
                SELECT id, safety_verdict::text, NULL::text FROM tweets WHERE id = ANY(@ids) AND safety_verdict IS NOT NULL
                UNION ALL
                SELECT * FROM (
                    SELECT DISTINCT ON ((s->>'Id')::bigint) (s->>'Id')::bigint, NULL::text, s::text
                    FROM schedule_decisions d,
                         -- A cycle with nothing to score stores "Scores": null, which jsonb_array_elements refuses.
                         jsonb_array_elements(CASE WHEN jsonb_typeof(d.details -> 'Scores') = 'array' THEN d.details -> 'Scores' ELSE '[]'::jsonb END) s
                    WHERE d.decided_at > @since AND (s->>'Id')::bigint = ANY(@ids)
                    ORDER BY (s->>'Id')::bigint, d.decided_at DESC) latest
                """);
            command.Parameters.AddWithValue("ids", ids);
            command.Parameters.AddWithValue("since", time.GetUtcNow() - ScoreLookback);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                if (!reader.IsDBNull(1))
                {
                    verdicts[reader.GetInt64(0)] = JsonNode.Parse(reader.GetString(1));
                }
                if (!reader.IsDBNull(2))
                {
                    scores[reader.GetInt64(0)] = JsonNode.Parse(reader.GetString(2));
                }
            }
        }
        return [.. rows.Select(r => new QueueItem(r.Id, r.TweetId, r.Content, r.ContentHash, r.Status, r.Topic, r.Source, r.Priority, r.CreatedAt, r.ExpiresAt,
            r.PostedAt, r.AttemptId, r.PostingStartedAt, r.ApprovalDeadline, r.RequestId, r.LastError, verdicts.GetValueOrDefault(r.Id), scores.GetValueOrDefault(r.Id)))];
    }
}
