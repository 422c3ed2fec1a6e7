using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Storage.Tweets;

/// <summary>
/// The Redis side of a <c>tweets</c> row, written by the one writer of the table
/// (<see cref="Posting.Lifecycle.PostLifecycleStore"/>) after each commit: the dedup key of a live text
/// (value: the row's tweet id, expiring when the 7-day window closes), its removal when the text dies,
/// and the last post time. A failed copy costs nothing durable; the rebuild and the consistency audit restore it.
/// </summary>
public sealed partial class TweetHotCopy(RedisGate redis, TimeProvider time, ILogger<TweetHotCopy> logger)
{
    // Deletes the key only while it still names this post: a newer post with the same text keeps its key.
    private const string DeleteIfOwner = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0";

    private const string RaiseTimestamp =
        "local v = tonumber(redis.call('GET', KEYS[1]) or '0') if tonumber(ARGV[1]) > v then redis.call('SET', KEYS[1], ARGV[1]) end return 1";

    /// <summary>
    /// Brings Redis in line with a row that now has <paramref name="status"/>. The dedup key and the last
    /// post time are independent, so both are sent before either answer is awaited (one pipelined round trip).
    /// </summary>
    public async Task CopyAsync(string? hash, string tweetId, string status, DateTimeOffset createdAt, DateTimeOffset? postedAt, CancellationToken cancellationToken)
    {
        var dedup = hash is null ? null : CopyDedupAsync(hash, tweetId, status, createdAt, cancellationToken);
        var lastPost = TweetStatus.IsPost(status) ? RaiseLastPostAsync((postedAt ?? createdAt).ToUnixTimeMilliseconds(), cancellationToken) : null;
        if (dedup is not null && !(await dedup).Done)
        {
            LogNotCopied(logger, tweetId);
        }
        if (lastPost is not null)
        {
            await lastPost;
        }
    }

    private Task<RedisAttempt<bool>> CopyDedupAsync(string hash, string tweetId, string status, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        var key = redis.Keys.Dedup(hash);
        if (!TweetStatus.IsLive(status))
        {
            return redis.TryAsync(StoreFeature.Deduplication,
                async db => (long)await db.ScriptEvaluateAsync(DeleteIfOwner, [key], [tweetId]) >= 0, cancellationToken);
        }
        var ttl = createdAt + StoreLimits.DedupWindow - time.GetUtcNow();
        return ttl > TimeSpan.Zero
            ? redis.TryAsync(StoreFeature.Deduplication, db => db.StringSetAsync(key, tweetId, ttl), cancellationToken)
            : Task.FromResult(new RedisAttempt<bool>(true, true, null));
    }

    private Task<RedisAttempt<RedisResult>> RaiseLastPostAsync(long atMs, CancellationToken cancellationToken) =>
        redis.TryAsync(StoreFeature.Cache, db => db.ScriptEvaluateAsync(RaiseTimestamp, [redis.Keys.LastPostAt], [atMs]), cancellationToken);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dedup key of {TweetId} not copied to Redis; the rebuild or the consistency repair restores it")]
    private static partial void LogNotCopied(ILogger logger, string tweetId);
}
