using XBot.Core.Storage.Tweets;
using StackExchange.Redis;
using XBot.Core.Posting.Lifecycle;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Candidates;

/// <summary>
/// The candidate queue's hot copy: a Redis sorted set of queued row ids by priority. PostgreSQL
/// (<c>tweets</c> with status <c>queued</c>) is the truth, so losing Redis loses no candidate: when the
/// set is unavailable or empty while rows are queued, the queue is read from, and rebuilt from, PostgreSQL.
/// </summary>
public sealed class CandidateQueue(RedisGate redis, PostLifecycleStore lifecycle)
{
    public async Task AddAsync(long id, double priority, CancellationToken cancellationToken) =>
        await redis.TryAsync(StoreFeature.Queue, db => db.SortedSetAddAsync(redis.Keys.CandidateQueue, id, priority), cancellationToken);

    public async Task RemoveAsync(long id, CancellationToken cancellationToken) =>
        await redis.TryAsync(StoreFeature.Queue, db => db.SortedSetRemoveAsync(redis.Keys.CandidateQueue, id), cancellationToken);

    /// <summary>The best queued candidates: from Redis when it holds them, else from PostgreSQL (and Redis is refilled).</summary>
    public async Task<IReadOnlyList<PostRow>> TopAsync(int count, CancellationToken cancellationToken)
    {
        var hot = await redis.TryAsync(StoreFeature.Queue,
            db => db.SortedSetRangeByRankAsync(redis.Keys.CandidateQueue, 0, count - 1, Order.Descending), cancellationToken);
        if (hot is { Done: true, Value.Length: > 0 })
        {
            // One query for all ids, kept in the set's order.
            var ids = hot.Value.Select(m => (long)m).ToArray();
            var found = (await lifecycle.GetManyAsync(ids, cancellationToken)).ToDictionary(r => r.Id);
            var rows = ids.Select(id => found.GetValueOrDefault(id)).Where(r => r is { Status: TweetStatus.Queued }).Select(r => r!).ToList();
            // Moved on (picked, expired) by another path: the hot copy catches up here, in one ZREM.
            var stale = ids.Where(id => found.GetValueOrDefault(id) is not { Status: TweetStatus.Queued }).Select(id => (RedisValue)id).ToArray();
            if (stale.Length > 0)
            {
                await redis.TryAsync(StoreFeature.Queue, db => db.SortedSetRemoveAsync(redis.Keys.CandidateQueue, stale), cancellationToken);
            }
            if (rows.Count > 0)
            {
                return rows;
            }
        }

        var truth = await lifecycle.ListAsync([TweetStatus.Queued], count, cancellationToken);
        if (truth.Count > 0)
        {
            var entries = truth.Select(r => new SortedSetEntry(r.Id, r.Priority ?? 0)).ToArray();
            await redis.TryAsync(StoreFeature.Queue, db => db.SortedSetAddAsync(redis.Keys.CandidateQueue, entries), cancellationToken);
        }
        return truth;
    }

    public async Task<long> DepthAsync(CancellationToken cancellationToken) =>
        await lifecycle.CountAsync(TweetStatus.Queued, cancellationToken);

    public async Task ClearAsync(CancellationToken cancellationToken) =>
        await redis.TryAsync(StoreFeature.Queue, db => db.KeyDeleteAsync(redis.Keys.CandidateQueue), cancellationToken);
}
