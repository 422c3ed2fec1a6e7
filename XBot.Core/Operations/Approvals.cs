using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Storage;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Operations;

/// <summary>A pick waiting for a human, with the safety verdict and the scores it was picked on.</summary>
public sealed record WaitingPick(long Id, string TweetId, string Content, string? Topic, string? Source, double? Priority,
    DateTimeOffset CreatedAt, DateTimeOffset? ApprovalDeadline, JsonNode? SafetyVerdict, JsonNode? Decision);

/// <summary>
/// Approval mode (<c>approval_required</c>): an operator lists the waiting picks, approves one (the next cycle
/// posts it first, subject to the caps) or rejects it with a reason. Each move is one audited lifecycle
/// transition naming who made it; a pick already moved (approved, expired) can't be moved again.
/// </summary>
public sealed class Approvals(NpgsqlDataSource dataSource, PostLifecycleStore lifecycle)
{
    public const int MaxReasonLength = 500;

    public async Task<IReadOnlyList<WaitingPick>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT id, tweet_id, content, topic, source, priority, created_at, approval_deadline, safety_verdict::text, decision::text
            FROM tweets WHERE status = 'awaiting_approval' ORDER BY created_at, id LIMIT @limit
            """);
        command.Parameters.AddWithValue("limit", Math.Clamp(limit, 1, 1000));
        var picks = new List<WaitingPick>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            picks.Add(new WaitingPick(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4),
                reader.IsDBNull(5) ? null : Convert.ToDouble(reader.GetValue(5), System.Globalization.CultureInfo.InvariantCulture),
                new DateTimeOffset(reader.GetDateTime(6), TimeSpan.Zero),
                reader.IsDBNull(7) ? null : new DateTimeOffset(reader.GetDateTime(7), TimeSpan.Zero),
                reader.IsDBNull(8) ? null : JsonNode.Parse(reader.GetString(8)),
                reader.IsDBNull(9) ? null : JsonNode.Parse(reader.GetString(9))));
        }
        return picks;
    }

    /// <summary>False when the row is not waiting for approval (unknown, already approved, rejected or expired).</summary>
    public Task<bool> ApproveAsync(long id, string actor, CancellationToken cancellationToken)
    {
        actor = StoreLimits.CheckActor(actor);
        return lifecycle.TransitionAsync(id, [TweetStatus.AwaitingApproval], new Transition(TweetStatus.Approved, $"approved by {actor}") { ApprovedBy = actor }, cancellationToken);
    }

    /// <summary>Refuses the pick for good, with the reason; false when it is not waiting for approval.</summary>
    public Task<bool> RejectAsync(long id, string actor, string reason, CancellationToken cancellationToken)
    {
        actor = StoreLimits.CheckActor(actor);
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MaxReasonLength)
        {
            throw new ArgumentException($"reason must be 1-{MaxReasonLength} characters.", nameof(reason));
        }
        return lifecycle.TransitionAsync(id, [TweetStatus.AwaitingApproval],
            new Transition(TweetStatus.Refused, $"rejected by {actor}") { Error = $"rejected by {actor}: {reason.Trim()}" }, cancellationToken);
    }
}
