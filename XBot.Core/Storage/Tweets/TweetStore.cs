using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using XBot.Core.Audit;
using XBot.Core.Storage.Dedup;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Storage.Tweets;

/// <summary>
/// Stores posts: committed to PostgreSQL (with an audit row, in one transaction) before success is
/// returned, then copied to Redis (the dedup hash and the last post time). A failed hot copy costs
/// nothing durable; the rebuild and the consistency audit restore it.
/// </summary>
public sealed class TweetStore(NpgsqlDataSource dataSource, RedisGate redis, FallbackController fallback, AuditLog audit, TimeProvider time, ILogger<TweetStore> logger)
{
    public async Task<StoreTweetResult> StoreAsync(NewTweet tweet, CancellationToken cancellationToken)
    {
        Validate(tweet);
        using var inFlight = fallback.TrackOperation();
        var fingerprint = ContentNormalizer.Fingerprint(tweet.Content);
        var hash = fingerprint.Hash;
        var tweetId = tweet.TweetId ?? $"local-{Guid.NewGuid():N}";
        var now = time.GetUtcNow();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            if (hash is not null && TweetStatus.IsLive(tweet.Status))
            {
                await RetireExpiredHashAsync(connection, transaction, hash, now, cancellationToken);
            }

            await using (var insert = new NpgsqlCommand(
                """
                INSERT INTO tweets (tweet_id, content, posted_at, platform, created_at, updated_at, engagement, ai_metadata, content_analysis, learning_metadata, content_hash, status)
                VALUES (@tweet_id, @content, @posted_at, @platform, @now, @now, @engagement::jsonb, @ai::jsonb, @analysis::jsonb, @learning::jsonb, @hash, @status)
                """,
                connection,
                transaction))
            {
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
                await insert.ExecuteNonQueryAsync(cancellationToken);
            }

            await audit.WriteAsync(connection, transaction, new AuditEvent("TWEET_STORED", "dual-store", AuditSeverity.Info, new JsonObject
            {
                ["tweet_id"] = tweetId,
                ["status"] = tweet.Status,
                ["content_hash"] = hash,
                ["length"] = tweet.Content.Length,
            }), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync(CancellationToken.None);
            // The same connection: asking the pool for a second one while holding this one can starve it.
            return ex.ConstraintName == "uq_tweets_tweet_id"
                ? new StoreTweetResult(StoreTweetOutcome.AlreadyStored, tweetId, hash)
                : new StoreTweetResult(StoreTweetOutcome.Duplicate, tweetId, hash, await LiveTweetWithHashAsync(connection, hash!, cancellationToken));
        }

        await CopyToRedisAsync(tweetId, hash, tweet.Status, now, tweet.PostedAt, cancellationToken);
        return new StoreTweetResult(StoreTweetOutcome.Stored, tweetId, hash);
    }

    /// <summary>
    /// Moves a post along its lifecycle. A post that becomes dead (refused, failed, expired, skipped) frees its
    /// text: the Redis dedup key goes too. Returns false when no post has this id; a revived post whose
    /// text is live elsewhere is refused with <see cref="StoreTweetOutcome.Duplicate"/> semantics (false).
    /// </summary>
    public async Task<bool> SetStatusAsync(string tweetId, string status, string actor, DateTimeOffset? postedAt, CancellationToken cancellationToken)
    {
        if (!TweetStatus.IsKnown(status))
        {
            throw new ArgumentException($"status must be one of {string.Join(", ", TweetStatus.All)}; got '{status}'.", nameof(status));
        }
        actor = StoreLimits.CheckActor(actor);
        using var inFlight = fallback.TrackOperation();

        string? hash;
        DateTimeOffset createdAt;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            string oldStatus;
            await using (var select = new NpgsqlCommand("SELECT status, content_hash, created_at FROM tweets WHERE tweet_id = @id FOR UPDATE", connection, transaction))
            {
                select.Parameters.AddWithValue("id", tweetId);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                if (!await reader.ReadAsync(cancellationToken))
                {
                    return false;
                }
                oldStatus = reader.GetString(0);
                hash = reader.IsDBNull(1) ? null : reader.GetString(1);
                createdAt = new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero);
            }
            try
            {
                await using var update = new NpgsqlCommand(
                    "UPDATE tweets SET status = @status, posted_at = coalesce(@posted_at, posted_at), updated_at = now() WHERE tweet_id = @id",
                    connection,
                    transaction);
                update.Parameters.AddWithValue("status", status);
                update.Parameters.AddWithValue("posted_at", (object?)postedAt?.UtcDateTime ?? DBNull.Value);
                update.Parameters.AddWithValue("id", tweetId);
                await update.ExecuteNonQueryAsync(cancellationToken);
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
        }

        if (hash is not null && !TweetStatus.IsLive(status))
        {
            await redis.TryAsync(StoreFeature.Deduplication, db => db.KeyDeleteAsync(redis.Keys.Dedup(hash)), cancellationToken);
        }
        else
        {
            await CopyToRedisAsync(tweetId, hash, status, createdAt, postedAt, cancellationToken);
        }
        return true;
    }

    /// <summary>The tweet id of the live post holding <paramref name="hash"/> within the dedup window, if any.</summary>
    public async Task<string?> LiveTweetWithHashAsync(string hash, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await LiveTweetWithHashAsync(connection, hash, cancellationToken);
    }

    private async Task<string?> LiveTweetWithHashAsync(NpgsqlConnection connection, string hash, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT tweet_id FROM tweets WHERE content_hash = @hash AND status NOT IN {TweetStatus.DeadSql} AND created_at > @from LIMIT 1",
            connection);
        command.Parameters.AddWithValue("hash", hash);
        command.Parameters.AddWithValue("from", (time.GetUtcNow() - StoreLimits.DedupWindow).UtcDateTime);
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    private async Task CopyToRedisAsync(string tweetId, string? hash, string status, DateTimeOffset createdAt, DateTimeOffset? postedAt, CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        if (hash is not null && TweetStatus.IsLive(status))
        {
            var ttl = createdAt + StoreLimits.DedupWindow - time.GetUtcNow();
            if (ttl > TimeSpan.Zero)
            {
                var done = await redis.TryAsync(StoreFeature.Deduplication, db => db.StringSetAsync(keys.Dedup(hash), tweetId, ttl), cancellationToken);
                if (!done.Done)
                {
                    logger.LogDebug("Dedup hash of {TweetId} not copied to Redis; the rebuild restores it", tweetId);
                }
            }
        }
        if (TweetStatus.IsPost(status))
        {
            var at = (postedAt ?? createdAt).ToUnixTimeMilliseconds();
            await redis.TryAsync(StoreFeature.Cache, db => db.ScriptEvaluateAsync(
                "local v = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > v then redis.call('SET', KEYS[1], ARGV[1]) end return 1",
                [keys.LastPostAt],
                [at]), cancellationToken);
        }
    }

    /// <summary>
    /// The unique index can't know the 7-day window (an index predicate can't use the clock), so a live post
    /// older than the window gives up its hash when the same text is stored again; the hash is kept in its
    /// content_analysis for the record.
    /// </summary>
    internal static async Task RetireExpiredHashAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string hash, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var retire = new NpgsqlCommand(
            $"""
            UPDATE tweets SET content_hash = NULL, updated_at = now(),
                   content_analysis = content_analysis || jsonb_build_object('retired_content_hash', content_hash)
            WHERE content_hash = @hash AND status NOT IN {TweetStatus.DeadSql} AND created_at <= @from
            """,
            connection,
            transaction);
        retire.Parameters.AddWithValue("hash", hash);
        retire.Parameters.AddWithValue("from", (now - StoreLimits.DedupWindow).UtcDateTime);
        await retire.ExecuteNonQueryAsync(cancellationToken);
    }

    private static void Validate(NewTweet tweet)
    {
        ArgumentNullException.ThrowIfNull(tweet);
        if (tweet.Content is null || tweet.Content.Length > StoreLimits.MaxContentLength)
        {
            throw new ArgumentException($"tweet content must be at most {StoreLimits.MaxContentLength} characters; got {(tweet.Content is null ? "null" : tweet.Content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture))}. Nothing was stored.");
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
