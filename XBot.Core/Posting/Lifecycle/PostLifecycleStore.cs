using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using XBot.Core.Audit;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;

namespace XBot.Core.Posting.Lifecycle;

/// <summary>
/// The post lifecycle in PostgreSQL, the source of truth, and the one writer of <c>tweets</c>. Every
/// transition is one compare-and-set UPDATE (it names the states it may leave) and writes its audit_log
/// row in the same transaction, so a transition either happened and is audited, or did not happen at all.
/// After each commit the row's Redis side (dedup key, last post time) follows through <see cref="TweetHotCopy"/>;
/// the content hash is always <see cref="ContentFingerprint"/>'s, computed here from the text.
/// </summary>
/// <remarks>Without a hot copy (tests of the SQL alone) Redis is not touched; the service container always supplies one.</remarks>
public sealed partial class PostLifecycleStore(NpgsqlDataSource dataSource, AuditLog audit, TimeProvider time, TweetHotCopy? hotCopy = null)
{
    /// <summary>
    /// Prefixed to a statement whose loss in a database crash is harmless, so that its commit does not wait
    /// for the WAL flush (the statements of one command run in one implicit transaction, which the setting
    /// covers). WAL is written in order, so the next synchronous commit (a post's <c>posting</c> or
    /// <c>shadowed</c> transition, before anything leaves the process) makes it durable too; a crash before
    /// that only loses a change that had no effect outside the database yet.
    /// </summary>
    internal const string AsynchronousCommit = "SELECT set_config('synchronous_commit', 'off', true)";

    private const string Columns =
        "id, tweet_id, content, content_hash, status, topic, source, priority, created_at, expires_at, posted_at, " +
        "attempt_id, posting_started_at, approval_deadline, request_id, last_error";

    /// <summary>
    /// Queues a prepared candidate. Returns null when its text is already live (the unique index on the
    /// fingerprint hash). The hash stored is the fingerprint of <see cref="NewPost.Content"/>, whatever the caller passed.
    /// </summary>
    public async Task<long?> EnqueueAsync(NewPost post, CancellationToken cancellationToken)
    {
        var sql = $"""
            WITH queued AS (
                INSERT INTO tweets (tweet_id, content, content_hash, status, topic, source, priority, expires_at,
                                    status_changed_at, safety_verdict, submitted_by, request_id, created_at, updated_at, words_indexed)
                VALUES (@tweet_id, @content, @hash, 'queued', @topic, @source, @priority, @expires_at,
                        @now, @verdict, @submitted_by, @request_id, @now, @now, true)
                ON CONFLICT DO NOTHING
                RETURNING id, created_at),
            indexed_words AS ({TweetWords.InsertFrom("queued")})
            SELECT id FROM queued
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        var now = time.GetUtcNow();
        var fingerprint = ContentFingerprint.Of(post.Content);
        var hash = fingerprint.Hash;
        var tweetId = $"local-{Guid.NewGuid():N}";
        if (hash is not null)
        {
            // A live post older than the dedup window gives up its hash first.
            await RetireExpiredHashAsync(connection, transaction, hash, now, cancellationToken);
        }
        command.Parameters.AddWithValue("tweet_id", tweetId);
        command.Parameters.AddWithValue("content", post.Content);
        command.Parameters.Add(Nullable("hash", NpgsqlDbType.Text, hash));
        command.Parameters.AddWithValue("topic", (object?)post.Topic ?? DBNull.Value);
        command.Parameters.AddWithValue("source", post.Source);
        command.Parameters.AddWithValue("priority", post.Priority);
        command.Parameters.AddWithValue("expires_at", post.ExpiresAt);
        command.Parameters.AddWithValue("now", now);
        command.Parameters.Add(new NpgsqlParameter("verdict", NpgsqlDbType.Jsonb) { Value = (object?)post.SafetyVerdictJson ?? DBNull.Value });
        command.Parameters.AddWithValue("submitted_by", (object?)post.SubmittedBy ?? DBNull.Value);
        command.Parameters.AddWithValue("request_id", (object?)post.RequestId ?? DBNull.Value);
        command.Parameters.Add(TweetWords.ParameterFor(fingerprint));
        var id = (long?)await command.ExecuteScalarAsync(cancellationToken);
        if (id is not null)
        {
            await AuditAsync(connection, transaction, "POST_QUEUED", new { id, source = post.Source, topic = post.Topic }, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        if (id is not null)
        {
            await CopyAsync(hash, tweetId, TweetStatus.Queued, now, null, cancellationToken);
        }
        return id;
    }

    public async Task<PostRow?> GetAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tweets WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>The rows with these ids that exist, in no particular order: one query, however many ids.</summary>
    public async Task<IReadOnlyList<PostRow>> GetManyAsync(IReadOnlyList<long> ids, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tweets WHERE id = ANY(@ids)");
        command.Parameters.AddWithValue("ids", ids.ToArray());
        return await ReadAsync(command, cancellationToken);
    }

    /// <summary>The row's <c>decision</c> JSON (what the scheduler noted at the attempt, such as the cap events it took).</summary>
    public async Task<string?> GetDecisionJsonAsync(long id, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT decision::text FROM tweets WHERE id = @id");
        command.Parameters.AddWithValue("id", id);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    public async Task<PostRow?> FindByRequestIdAsync(string requestId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT {Columns} FROM tweets WHERE request_id = @request_id");
        command.Parameters.AddWithValue("request_id", requestId);
        return (await ReadAsync(command, cancellationToken)).SingleOrDefault();
    }

    /// <summary>Rows in the given states, best first (priority, then oldest).</summary>
    public async Task<IReadOnlyList<PostRow>> ListAsync(string[] statuses, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT {Columns} FROM tweets WHERE status = ANY(@statuses) ORDER BY priority DESC NULLS LAST, created_at, id LIMIT @limit");
        command.Parameters.AddWithValue("statuses", statuses);
        command.Parameters.AddWithValue("limit", limit);
        return await ReadAsync(command, cancellationToken);
    }

    public async Task<int> CountAsync(string status, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT count(*) FROM tweets WHERE status = @status");
        command.Parameters.AddWithValue("status", status);
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>When the last real or shadow post happened, for the minimum-interval gate.</summary>
    public async Task<DateTimeOffset?> LastPostAtAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT max(posted_at) FROM tweets WHERE status IN ('posted', 'shadowed')");
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime last ? new DateTimeOffset(last, TimeSpan.Zero) : null;
    }

    /// <summary>The topics of the last <paramref name="count"/> posts (published or shadowed), newest first: the diversity window.</summary>
    public async Task<IReadOnlyList<string>> RecentTopicsAsync(int count, CancellationToken cancellationToken)
    {
        if (count <= 0)
        {
            return [];
        }
        await using var command = dataSource.CreateCommand(
            "SELECT topic FROM tweets WHERE status IN ('posted', 'shadowed') AND posted_at IS NOT NULL AND topic IS NOT NULL ORDER BY posted_at DESC LIMIT @count");
        command.Parameters.AddWithValue("count", count);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var topics = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            topics.Add(reader.GetString(0));
        }
        return topics;
    }

    /// <summary>
    /// Moves a row from one of <paramref name="from"/> to <paramref name="change"/>'s state. False when the
    /// row was not in one of those states (someone else moved it first): the caller lost the race.
    /// One statement, one round trip: the compare-and-set UPDATE, its audit row and the cap events the
    /// change carries are data-modifying parts of the same statement, so they commit together or not at all.
    /// </summary>
    public async Task<bool> TransitionAsync(long id, string[] from, Transition change, CancellationToken cancellationToken)
    {
        const string sql = """
            WITH moved AS (
                UPDATE tweets SET
                    status = @to,
                    status_changed_at = @now,
                    updated_at = @now,
                    tweet_id = COALESCE(@tweet_id, tweet_id),
                    posted_at = COALESCE(@posted_at, posted_at),
                    attempt_id = COALESCE(@attempt_id, attempt_id),
                    posting_started_at = COALESCE(@posting_started_at, posting_started_at),
                    approval_deadline = COALESCE(@approval_deadline, approval_deadline),
                    approved_by = COALESCE(@approved_by, approved_by),
                    safety_verdict = COALESCE(@verdict, safety_verdict),
                    decision = COALESCE(@decision, decision),
                    last_error = COALESCE(@error, last_error)
                WHERE id = @id AND status = ANY(@from)
                RETURNING status, tweet_id, content_hash, created_at, posted_at),
            audited AS (
                INSERT INTO audit_log (timestamp, event_type, component, severity, event_data, context)
                SELECT @now, @audit_type, @audit_component, @audit_severity, @audit_data::jsonb, @audit_context::jsonb FROM moved)
            """;
        var capEvents = change.CapEvents ?? [];
        var capsSql = capEvents.Count == 0 ? "" : $",\ncaps AS ({PostgresRateLimits.InsertEventsSql("EXISTS (SELECT 1 FROM moved)")})";
        await using var command = dataSource.CreateCommand((change.Replayable ? AsynchronousCommit + "; " : "") + sql + capsSql + "\nSELECT * FROM moved");
        command.Parameters.AddWithValue("id", id);
        command.Parameters.AddWithValue("from", from);
        command.Parameters.AddWithValue("to", change.To);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        command.Parameters.Add(Nullable("tweet_id", NpgsqlDbType.Text, change.TweetId));
        command.Parameters.Add(Nullable("posted_at", NpgsqlDbType.TimestampTz, change.PostedAt));
        command.Parameters.Add(Nullable("attempt_id", NpgsqlDbType.Uuid, change.AttemptId));
        command.Parameters.Add(Nullable("posting_started_at", NpgsqlDbType.TimestampTz, change.PostingStartedAt));
        command.Parameters.Add(Nullable("approval_deadline", NpgsqlDbType.TimestampTz, change.ApprovalDeadline));
        command.Parameters.Add(Nullable("approved_by", NpgsqlDbType.Text, change.ApprovedBy));
        command.Parameters.Add(Nullable("verdict", NpgsqlDbType.Jsonb, change.SafetyVerdictJson));
        command.Parameters.Add(Nullable("decision", NpgsqlDbType.Jsonb, change.DecisionJson));
        command.Parameters.Add(Nullable("error", NpgsqlDbType.Text, change.Error));
        var entry = new AuditEvent("POST_TRANSITION", "posting", AuditSeverity.Info, JsonSerializer.SerializeToNode(
            new { id, from, to = change.To, reason = change.Reason, tweetId = change.TweetId, error = change.Error })!.AsObject());
        command.Parameters.AddWithValue("audit_type", entry.EventType);
        command.Parameters.AddWithValue("audit_component", entry.Component);
        command.Parameters.AddWithValue("audit_severity", AuditEvent.SeverityText(entry.Severity));
        command.Parameters.AddWithValue("audit_data", (entry.Data ?? []).ToJsonString());
        command.Parameters.AddWithValue("audit_context", audit.ContextJson(entry));
        if (capEvents.Count > 0)
        {
            PostgresRateLimits.AddEventParameters(command.Parameters, capEvents);
        }
        var moved = await ReadRowKeysAsync(command, cancellationToken, skipResults: change.Replayable ? 1 : 0);
        if (moved.Count > 0)
        {
            await CopyAsync(moved, cancellationToken);
        }
        return moved.Count > 0;
    }

    /// <summary>Expires queued candidates past their expiry and picks whose approval deadline passed.</summary>
    public async Task<int> ExpireAsync(CancellationToken cancellationToken)
    {
        const string sql = """
            WITH expired AS (
                UPDATE tweets SET status = 'expired', status_changed_at = @now, updated_at = @now
                WHERE (status = 'queued' AND expires_at < @now)
                   OR (status = 'awaiting_approval' AND approval_deadline < @now)
                RETURNING status, tweet_id, content_hash, created_at, posted_at)
            SELECT * FROM expired
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        var expired = await ReadRowKeysAsync(command, cancellationToken);
        await CopyAsync(expired, cancellationToken);
        return expired.Count;
    }

    /// <summary>Deletes every queued candidate (the runbook's emergency "clear the candidate queue").</summary>
    public async Task<int> ClearQueueAsync(string actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "UPDATE tweets SET status = 'expired', status_changed_at = @now, updated_at = @now, last_error = 'queue cleared' WHERE status = 'queued' " +
            "RETURNING status, tweet_id, content_hash, created_at, posted_at",
            connection, transaction);
        command.Parameters.AddWithValue("now", time.GetUtcNow());
        var rows = await ReadRowKeysAsync(command, cancellationToken);
        var cleared = rows.Count;
        await AuditAsync(connection, transaction, "CANDIDATES_CLEARED", new { cleared, actor }, cancellationToken, AuditSeverity.Warning);
        await transaction.CommitAsync(cancellationToken);
        await CopyAsync(rows, cancellationToken);
        return cleared;
    }

    public async Task RecordDecisionAsync(string worker, string outcome, string? reason, long? tweetRow, object details, CancellationToken cancellationToken)
    {
        // A record of what happened, not state: it need not wait for its own WAL flush (see AsynchronousCommit).
        await using var command = dataSource.CreateCommand(
            AsynchronousCommit + "; INSERT INTO schedule_decisions (decided_at, worker, outcome, reason, tweet_row, details) VALUES (@at, @worker, @outcome, @reason, @row, @details)");
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        command.Parameters.AddWithValue("worker", worker);
        command.Parameters.AddWithValue("outcome", outcome);
        command.Parameters.AddWithValue("reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("row", (object?)tweetRow ?? DBNull.Value);
        command.Parameters.Add(new NpgsqlParameter("details", NpgsqlDbType.Jsonb) { Value = JsonSerializer.Serialize(details) });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The transition's audit row, in the transition's own transaction.</summary>
    private Task AuditAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string eventType, object data, CancellationToken cancellationToken, AuditSeverity severity = AuditSeverity.Info) =>
        audit.WriteAsync(connection, transaction, new AuditEvent(eventType, "posting", severity, JsonSerializer.SerializeToNode(data)!.AsObject()), cancellationToken);

    private static NpgsqlParameter Nullable(string name, NpgsqlDbType type, object? value) =>
        new(name, type) { Value = value ?? DBNull.Value };

    private static async Task<IReadOnlyList<PostRow>> ReadAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var rows = new List<PostRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new PostRow(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3),
                reader.GetString(4),
                reader.IsDBNull(5) ? null : reader.GetString(5),
                reader.IsDBNull(6) ? null : reader.GetString(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7),
                reader.GetFieldValue<DateTimeOffset>(8),
                reader.IsDBNull(9) ? null : reader.GetFieldValue<DateTimeOffset>(9),
                reader.IsDBNull(10) ? null : reader.GetFieldValue<DateTimeOffset>(10),
                reader.IsDBNull(11) ? null : reader.GetGuid(11),
                reader.IsDBNull(12) ? null : reader.GetFieldValue<DateTimeOffset>(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                reader.IsDBNull(14) ? null : reader.GetString(14),
                reader.IsDBNull(15) ? null : reader.GetString(15)));
        }
        return rows;
    }
}

/// <summary>
/// A candidate ready to queue: normalised and checked. <see cref="ContentHash"/> is the caller's view of the
/// hash; the store stores <see cref="Text.ContentFingerprint"/>'s hash of <see cref="Content"/> instead, so no
/// caller can hash differently.
/// </summary>
public sealed record NewPost(
    string Content,
    string ContentHash,
    string Source,
    string? Topic,
    double Priority,
    DateTimeOffset ExpiresAt,
    string? SafetyVerdictJson = null,
    string? SubmittedBy = null,
    string? RequestId = null);

/// <summary>The target state of a transition and what it records.</summary>
public sealed record Transition(string To, string Reason)
{
    public string? TweetId { get; init; }
    public DateTimeOffset? PostedAt { get; init; }
    public Guid? AttemptId { get; init; }
    public DateTimeOffset? PostingStartedAt { get; init; }
    public DateTimeOffset? ApprovalDeadline { get; init; }
    public string? ApprovedBy { get; init; }
    public string? SafetyVerdictJson { get; init; }
    public string? DecisionJson { get; init; }
    public string? Error { get; init; }

    /// <summary>
    /// Rate-limit events the change consumed (a post's caps), written in the same statement as the change,
    /// so a post's consumption is durable in PostgreSQL exactly when the post is. Ids already there are skipped.
    /// </summary>
    public IReadOnlyList<RateLimitEvent>? CapEvents { get; init; }

    /// <summary>
    /// Losing this change in a database crash is harmless (a pick: the row is simply queued again, nothing
    /// left the process yet), so its commit need not wait for the WAL flush. Never for a change that
    /// precedes an effect outside the database (<c>posting</c>, <c>shadowed</c>, <c>posted</c>, approvals).
    /// </summary>
    public bool Replayable { get; init; }
}
