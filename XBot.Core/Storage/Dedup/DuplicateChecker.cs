using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Storage.Dedup;

/// <summary>
/// Duplicate checks that fail closed: Redis answers in normal mode (only a warm Redis; one that lost its
/// data is not trusted), PostgreSQL when Redis can't, and <see cref="DuplicateVerdict.Unknown"/> when
/// neither can. The unique index on <c>tweets.content_hash</c> stays the last line of defence.
/// </summary>
public sealed class DuplicateChecker(RedisGate redis, TweetStore tweets, FallbackController fallback, ILogger<DuplicateChecker> logger)
{
    public async Task<DuplicateCheck> CheckAsync(string content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        if (content.Length > StoreLimits.MaxContentLength)
        {
            throw new ArgumentException($"content must be at most {StoreLimits.MaxContentLength} characters; got {content.Length}.", nameof(content));
        }

        var fingerprint = ContentNormalizer.Fingerprint(content);
        if (fingerprint.Hash is not { } hash)
        {
            return new DuplicateCheck(DuplicateVerdict.NotCheckable, null, null, "normalizer",
                "nothing to compare after removing links, mentions, hashtags, punctuation and whitespace");
        }

        var keys = redis.Keys;
        var attempt = await redis.TryAsync(StoreFeature.Deduplication, db => db.StringGetAsync([keys.WarmMarker, keys.Dedup(hash)]), cancellationToken);
        if (attempt.Done)
        {
            var values = attempt.Value!;
            if (values[0].HasValue)
            {
                return values[1].HasValue
                    ? new DuplicateCheck(DuplicateVerdict.Duplicate, hash, values[1].ToString(), "redis")
                    : new DuplicateCheck(DuplicateVerdict.Unique, hash, null, "redis");
            }
            fallback.ReportCold();
        }

        try
        {
            var match = await tweets.LiveTweetWithHashAsync(hash, cancellationToken);
            return match is null
                ? new DuplicateCheck(DuplicateVerdict.Unique, hash, null, "postgres")
                : new DuplicateCheck(DuplicateVerdict.Duplicate, hash, match, "postgres");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Neither Redis nor PostgreSQL could answer a duplicate check; the answer is Unknown (do not post)");
            return new DuplicateCheck(DuplicateVerdict.Unknown, hash, null, "none", $"no store could answer: {ex.Message}");
        }
    }
}
