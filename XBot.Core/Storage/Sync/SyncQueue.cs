using StackExchange.Redis;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Storage.Sync;

/// <summary>Depth and age of the sync queue, with the runbook's thresholds (warning over 1000, critical over 5000).</summary>
public sealed record SyncQueueStatus(long Depth, DateTimeOffset? OldestEnqueuedAt, TimeSpan? OldestAge, long DeadLetters)
{
    public string Level => Depth > StoreLimits.SyncQueueCriticalDepth ? "critical" : Depth > StoreLimits.SyncQueueWarningDepth ? "warning" : "ok";
}

/// <summary>
/// The write-behind queue: a Redis list under <c>{prefix}sync:queue</c>, appended at the tail and drained
/// from the head by <see cref="SyncDrainer"/>. Only what may reach PostgreSQL later goes here.
/// </summary>
public sealed class SyncQueue(RedisGate redis, TimeProvider time)
{
    private RedisKeys Keys => redis.Keys;

    /// <summary>Appends an item if the queue is served by Redis now; false otherwise.</summary>
    public async Task<bool> TryEnqueueAsync(SyncItem item, CancellationToken cancellationToken)
    {
        var attempt = await redis.TryAsync(StoreFeature.Queue, db => db.ListRightPushAsync(Keys.SyncQueue, item.Serialize()), cancellationToken);
        return attempt.Done;
    }

    /// <summary>
    /// What the queue will still write to PostgreSQL: the rate-limit events waiting in it, and the ids its
    /// refunds will delete. Reads at most <paramref name="max"/> items from the head; null when Redis can't be read.
    /// </summary>
    public async Task<(IReadOnlyList<RateLimitEvent> Events, IReadOnlySet<Guid> Refunded)?> PendingAsync(int max, CancellationToken cancellationToken)
    {
        var attempt = await redis.TryDirectAsync(db => db.ListRangeAsync(Keys.SyncQueue, 0, max - 1), cancellationToken);
        if (!attempt.Done)
        {
            return null;
        }
        var events = new List<RateLimitEvent>();
        var refunded = new HashSet<Guid>();
        foreach (var item in attempt.Value!.Select(v => SyncItem.TryParse(v)))
        {
            if (item?.RateLimitEvent is { } e)
            {
                events.Add(e);
            }
            refunded.UnionWith(item?.RefundedIds ?? []);
        }
        return (events, refunded);
    }

    /// <summary>The queue's status, or null when Redis can't be read.</summary>
    public async Task<SyncQueueStatus?> StatusAsync(CancellationToken cancellationToken)
    {
        var attempt = await redis.TryDirectAsync(async db =>
        {
            var depth = db.ListLengthAsync(Keys.SyncQueue);
            var head = db.ListGetByIndexAsync(Keys.SyncQueue, 0);
            var dead = db.ListLengthAsync(Keys.SyncDeadLetters);
            return (await depth, await head, await dead);
        }, cancellationToken);
        if (!attempt.Done)
        {
            return null;
        }
        var (depth, head, dead) = attempt.Value;
        DateTimeOffset? oldest = SyncItem.TryParse(head) is { } item ? DateTimeOffset.FromUnixTimeMilliseconds(item.EnqueuedAtMs) : null;
        return new SyncQueueStatus(depth, oldest, oldest is null ? null : time.GetUtcNow() - oldest.Value, dead);
    }
}
