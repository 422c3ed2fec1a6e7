using System.Globalization;
using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Audit;
using XBot.Core.Storage;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;

namespace XBot.Core.Posting.Lifecycle;

/// <summary>
/// The dual store's direct post writes (<c>IDualStore.StoreTweetAsync</c>, <c>SetTweetStatusAsync</c>):
/// a post stored in any status, and a status change by tweet id. Same table, same fingerprint, same
/// Redis copy as the pipeline's transitions.
/// </summary>
public sealed partial class PostLifecycleStore
{
    /// <summary>Stores a post, committed (with its audit row) before it returns <see cref="StoreTweetOutcome.Stored"/>.</summary>
    public async Task<StoreTweetResult> StoreAsync(NewTweet tweet, CancellationToken cancellationToken)
    {
        Validate(tweet);
        var fingerprint = ContentFingerprint.Of(tweet.Content);
        var hash = fingerprint.Hash;
        var tweetId = tweet.TweetId ?? $"local-{Guid.NewGuid():N}";
        var now = time.GetUtcNow();

        // One round trip: the retirement of an expired hash, the row and its audit row go as one batch,
        // which PostgreSQL runs in order in one implicit transaction (all or nothing).
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
        if (hash is not null && TweetStatus.IsLive(tweet.Status))
        {
            batch.BatchCommands.Add(RetireExpiredHashCommand(hash, now));
        }
        var insert = new NpgsqlBatchCommand(
            $"""
            WITH stored AS (
                INSERT INTO tweets (tweet_id, content, posted_at, platform, created_at, updated_at, status_changed_at, engagement, ai_metadata, content_analysis, learning_metadata, content_hash, status, words_indexed)
                VALUES (@tweet_id, @content, @posted_at, @platform, @now, @now, @now, @engagement::jsonb, @ai::jsonb, @analysis::jsonb, @learning::jsonb, @hash, @status, true)
                RETURNING id, created_at)
            {TweetWords.InsertFrom("stored")}
            """);
        insert.Parameters.AddWithValue("tweet_id", tweetId);
        insert.Parameters.AddWithValue("content", tweet.Content);
        insert.Parameters.AddWithValue("posted_at", (object?)tweet.PostedAt?.UtcDateTime ?? DBNull.Value);
        insert.Parameters.AddWithValue("platform", tweet.Platform);
        insert.Parameters.AddWithValue("now", now.UtcDateTime);
        insert.Parameters.AddWithValue("engagement", (tweet.Engagement ?? []).ToJsonString());
        insert.Parameters.AddWithValue("ai", (tweet.AiMetadata ?? []).ToJsonString());
        insert.Parameters.AddWithValue("analysis", (tweet.ContentAnalysis ?? []).ToJsonString());
        insert.Parameters.AddWithValue("learning", (tweet.LearningMetadata ?? []).ToJsonString());
        insert.Parameters.AddWithValue("hash", (object?)hash ?? DBNull.Value);
        insert.Parameters.AddWithValue("status", tweet.Status);
        insert.Parameters.Add(TweetWords.ParameterFor(fingerprint));
        batch.BatchCommands.Add(insert);
        batch.BatchCommands.Add(audit.Command(new AuditEvent("TWEET_STORED", "dual-store", AuditSeverity.Info, new JsonObject
        {
            ["tweet_id"] = tweetId,
            ["status"] = tweet.Status,
            ["content_hash"] = hash,
            ["length"] = tweet.Content.Length,
        })));
        try
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // The same connection: asking the pool for a second one while holding this one can starve it.
            return ex.ConstraintName == "uq_tweets_tweet_id"
                ? new StoreTweetResult(StoreTweetOutcome.AlreadyStored, tweetId, hash)
                : new StoreTweetResult(StoreTweetOutcome.Duplicate, tweetId, hash, await LiveTweetWithHashAsync(connection, hash!, now, cancellationToken));
        }

        await CopyAsync(hash, tweetId, tweet.Status, now, tweet.PostedAt, cancellationToken);
        return new StoreTweetResult(StoreTweetOutcome.Stored, tweetId, hash);
    }

    /// <summary>
    /// Moves a post along its lifecycle by tweet id. A post that becomes dead (refused, failed, expired,
    /// skipped) frees its text: the Redis dedup key goes too. False when no post has this id, or when a
    /// revived post's text is live elsewhere.
    /// </summary>
    public async Task<bool> SetStatusAsync(string tweetId, string status, string actor, DateTimeOffset? postedAt, CancellationToken cancellationToken)
    {
        if (!TweetStatus.IsKnown(status))
        {
            throw new ArgumentException($"status must be one of {string.Join(", ", TweetStatus.All)}; got '{status}'.", nameof(status));
        }
        actor = StoreLimits.CheckActor(actor);

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string oldStatus;
        await using (var select = new NpgsqlCommand("SELECT status FROM tweets WHERE tweet_id = @id FOR UPDATE", connection, transaction))
        {
            select.Parameters.AddWithValue("id", tweetId);
            if (await select.ExecuteScalarAsync(cancellationToken) is not string current)
            {
                return false;
            }
            oldStatus = current;
        }
        IReadOnlyList<RowKeys> rows;
        try
        {
            await using var update = new NpgsqlCommand(
                "UPDATE tweets SET status = @status, posted_at = coalesce(@posted_at, posted_at), status_changed_at = @now, updated_at = @now WHERE tweet_id = @id " +
                "RETURNING status, tweet_id, content_hash, created_at, posted_at",
                connection,
                transaction);
            update.Parameters.AddWithValue("status", status);
            update.Parameters.AddWithValue("posted_at", (object?)postedAt?.UtcDateTime ?? DBNull.Value);
            update.Parameters.AddWithValue("now", time.GetUtcNow());
            update.Parameters.AddWithValue("id", tweetId);
            rows = await ReadRowKeysAsync(update, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            return false;
        }
        await audit.WriteAsync(connection, transaction, new AuditEvent("TWEET_STATUS_CHANGED", "dual-store", AuditSeverity.Info, new JsonObject
        {
            ["tweet_id"] = tweetId,
            ["old"] = oldStatus,
            ["new"] = status,
            ["actor"] = actor,
        }), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await CopyAsync(rows, cancellationToken);
        return true;
    }

    /// <summary>What the Redis copy of a changed row needs.</summary>
    private sealed record RowKeys(string Status, string TweetId, string? Hash, DateTimeOffset CreatedAt, DateTimeOffset? PostedAt);

    /// <summary>Reads <c>RETURNING status, tweet_id, content_hash, created_at, posted_at</c>.</summary>
    private static async Task<IReadOnlyList<RowKeys>> ReadRowKeysAsync(NpgsqlCommand command, CancellationToken cancellationToken, int skipResults = 0)
    {
        var rows = new List<RowKeys>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        for (var i = 0; i < skipResults; i++)
        {
            await reader.NextResultAsync(cancellationToken);
        }
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new RowKeys(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                reader.GetFieldValue<DateTimeOffset>(3),
                reader.IsDBNull(4) ? null : reader.GetFieldValue<DateTimeOffset>(4)));
        }
        return rows;
    }

    private async Task CopyAsync(IReadOnlyList<RowKeys> rows, CancellationToken cancellationToken)
    {
        foreach (var row in rows)
        {
            await CopyAsync(row.Hash, row.TweetId, row.Status, row.CreatedAt, row.PostedAt, cancellationToken);
        }
    }

    private async Task CopyAsync(string? hash, string tweetId, string status, DateTimeOffset createdAt, DateTimeOffset? postedAt, CancellationToken cancellationToken)
    {
        if (hotCopy is not null)
        {
            await hotCopy.CopyAsync(hash, tweetId, status, createdAt, postedAt, cancellationToken);
        }
    }

    private static async Task<string?> LiveTweetWithHashAsync(NpgsqlConnection connection, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT tweet_id FROM tweets WHERE content_hash = @hash AND status NOT IN {TweetStatus.DeadSql} AND created_at > @from LIMIT 1",
            connection);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("from", (now - StoreLimits.DedupWindow).UtcDateTime);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// The unique index can't know the 7-day window (an index predicate can't use the clock), so a live post
    /// older than the window gives up its hash when the same text is stored again; the hash is kept in its
    /// content_analysis for the record.
    /// </summary>
    private static async Task RetireExpiredHashAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var retire = new NpgsqlCommand(RetireExpiredHashSql, connection, transaction);
        retire.Parameters.AddWithValue("hash", hash);
        retire.Parameters.AddWithValue("from", (now - StoreLimits.DedupWindow).UtcDateTime);
        await retire.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand RetireExpiredHashCommand(string hash, DateTimeOffset now)
    {
        var retire = new NpgsqlBatchCommand(RetireExpiredHashSql);
        retire.Parameters.AddWithValue("hash", hash);
        retire.Parameters.AddWithValue("from", (now - StoreLimits.DedupWindow).UtcDateTime);
        return retire;
    }

    private static readonly string RetireExpiredHashSql = $"""
        UPDATE tweets SET content_hash = NULL, updated_at = now(),
               content_analysis = content_analysis || jsonb_build_object('retired_content_hash', content_hash)
        WHERE content_hash = @hash AND status NOT IN {TweetStatus.DeadSql} AND created_at <= @from
        """;

    private static void Validate(NewTweet tweet)
    {
        ArgumentNullException.ThrowIfNull(tweet);
        if (tweet.Content is null || tweet.Content.Length > StoreLimits.MaxContentLength)
        {
            throw new ArgumentException($"tweet content must be at most {StoreLimits.MaxContentLength} characters; got {(tweet.Content is null ? "null" : tweet.Content.Length.ToString(CultureInfo.InvariantCulture))}. Nothing was stored.");
        }
        if (string.IsNullOrWhiteSpace(tweet.Content))
        {
            throw new ArgumentException("tweet content must not be empty. Nothing was stored.");
        }
        if (tweet.Content.Contains('\0'))
        {
            throw new ArgumentException("tweet content must not contain NUL characters. Nothing was stored.");
        }
        if (!TweetStatus.IsKnown(tweet.Status))
        {
            throw new ArgumentException($"tweet status must be one of {string.Join(", ", TweetStatus.All)}; got '{tweet.Status}'. Nothing was stored.");
        }
        if (tweet.TweetId is { } id && (id.Length is 0 or > StoreLimits.MaxTweetIdLength || id.Any(char.IsWhiteSpace)))
        {
            throw new ArgumentException($"tweet id must be 1-{StoreLimits.MaxTweetIdLength} characters without spaces. Nothing was stored.");
        }
        if (string.IsNullOrWhiteSpace(tweet.Platform) || tweet.Platform.Length > 32)
        {
            throw new ArgumentException("tweet platform must be 1-32 characters, such as 'twitter'. Nothing was stored.");
        }
    }
}
