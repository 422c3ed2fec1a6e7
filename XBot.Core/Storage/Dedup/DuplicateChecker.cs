using Microsoft.Extensions.Logging;
using Npgsql;
using StackExchange.Redis;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;
using XBot.Core.Text;

namespace XBot.Core.Storage.Dedup;

/// <summary>
/// Duplicate checks that fail closed. The exact check compares <see cref="ContentFingerprint"/> hashes:
/// Redis answers in normal mode (only a warm Redis; one that lost its data is not trusted), PostgreSQL
/// when Redis can't. Then the near-duplicate check (<see cref="NearDuplicateFinder"/>) compares word
/// shingles with the live posts of the window that share a probe word. <see cref="DuplicateVerdict.Unknown"/> when no store can
/// answer. The unique index on <c>tweets.content_hash</c> stays the last line of defence.
/// </summary>
public sealed partial class DuplicateChecker(
    RedisGate redis,
    NpgsqlDataSource dataSource,
    NearDuplicateFinder nearDuplicates,
    FallbackController fallback,
    TimeProvider time,
    ILogger<DuplicateChecker> logger)
{
    /// <summary>Checks <paramref name="content"/>; <paramref name="excludeTweetId"/> is the text's own row (a queued candidate), which never counts.</summary>
    public async Task<DuplicateCheck> CheckAsync(string content, string? excludeTweetId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > StoreLimits.MaxContentLength)
        {
            throw new ArgumentException($"content must be at most {StoreLimits.MaxContentLength} characters; got {content.Length}.", nameof(content));
        }

        var fingerprint = ContentFingerprint.Of(content);
        if (fingerprint.Hash is not { } hash)
        {
            return new DuplicateCheck(DuplicateVerdict.NotCheckable, null, null, "normalizer",
                "nothing to compare after removing links, mentions, hashtags, punctuation and whitespace");
        }

        var exact = await ExactAsync(hash, excludeTweetId, cancellationToken);
        if (exact.Verdict != DuplicateVerdict.Unique || !nearDuplicates.Options.NearDuplicates)
        {
            return exact;
        }

        try
        {
            var near = await nearDuplicates.FindAsync(fingerprint, excludeTweetId, cancellationToken);
            return near is null
                ? exact
                : new DuplicateCheck(DuplicateVerdict.Duplicate, hash, near.TweetId, "postgres",
                    $"near-duplicate of {near.TweetId} (word overlap {near.Similarity:0.00}, threshold {nearDuplicates.Options.NearDuplicateThreshold:0.00}): \"{Excerpt(near.Content)}\"",
                    near.Similarity);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnanswered(logger, ex);
            return new DuplicateCheck(DuplicateVerdict.Unknown, hash, null, "none", $"the near-duplicate check could not be answered: {ex.Message}");
        }
    }

    private async Task<DuplicateCheck> ExactAsync(string hash, string? excludeTweetId, CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        var attempt = await redis.TryAsync(StoreFeature.Deduplication, db => db.StringGetAsync([keys.WarmMarker, keys.Dedup(hash)]), cancellationToken);
        if (attempt.Done)
        {
            var values = attempt.Value!;
            if (values[0].HasValue)
            {
                // One live post holds a hash (the unique index), so a key naming the text's own row means no other does.
                return values[1].HasValue && values[1].ToString() != excludeTweetId
                    ? Exact(hash, values[1].ToString(), "redis")
                    : new DuplicateCheck(DuplicateVerdict.Unique, hash, null, "redis");
            }
            fallback.ReportCold();
        }

        try
        {
            await using var command = dataSource.CreateCommand(
                $"SELECT tweet_id FROM tweets WHERE content_hash = @hash AND status NOT IN {TweetStatus.DeadSql} AND created_at > @from AND tweet_id IS DISTINCT FROM @self LIMIT 1");
            command.Parameters.AddWithValue("hash", hash);
            command.Parameters.AddWithValue("from", time.GetUtcNow() - StoreLimits.DedupWindow);
            command.Parameters.Add(new NpgsqlParameter("self", NpgsqlTypes.NpgsqlDbType.Text) { Value = (object?)excludeTweetId ?? DBNull.Value });
            return await command.ExecuteScalarAsync(cancellationToken) is string match
                ? Exact(hash, match, "postgres")
                : new DuplicateCheck(DuplicateVerdict.Unique, hash, null, "postgres");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnanswered(logger, ex);
            return new DuplicateCheck(DuplicateVerdict.Unknown, hash, null, "none", $"no store could answer: {ex.Message}");
        }
    }

    private static DuplicateCheck Exact(string hash, string tweetId, string source) =>
        new(DuplicateVerdict.Duplicate, hash, tweetId, source, $"duplicate of {tweetId} (the same text once links, mentions, hashtags, case, look-alikes and end punctuation are set aside)", 1.0);

    private static string Excerpt(string text) => text.Length <= 80 ? text : text[..77] + "...";

    [LoggerMessage(Level = LogLevel.Error, Message = "No store could answer a duplicate check; the answer is Unknown (do not post)")]
    private static partial void LogUnanswered(ILogger logger, Exception exception);
}
