using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using Polly;
using Polly.Retry;
using StackExchange.Redis;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Storage.Sync;

/// <summary>What one drain did.</summary>
public sealed record SyncRunReport(int Applied, int DeadLettered, long Remaining, bool LeaseHeldElsewhere, string? Error);

/// <summary>
/// Moves the sync queue into PostgreSQL in batches. One process at a time holds a lease; a batch is read
/// from the head, applied in one transaction (retried with backoff), and only then trimmed off the
/// queue, and only if the lease is still ours; so a crash or a lost lease can repeat a batch, never lose one.
/// </summary>
public sealed class SyncDrainer(RedisGate redis, PostgresRateLimits rateLimits, IOptions<DualStoreOptions> options, ILogger<SyncDrainer> logger)
{
    private static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(60);

    private const string TrimIfLeased = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then
          redis.call('LTRIM', KEYS[2], tonumber(ARGV[2]), -1)
          return 1
        end
        return 0
        """;

    private const string ReleaseLease = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly ResiliencePipeline _retry = new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(0, options.Value.SyncAttempts - 1),
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(200),
            ShouldHandle = new PredicateBuilder().Handle<NpgsqlException>().Handle<TimeoutException>(),
        })
        .Build();

    public async Task<SyncRunReport> DrainAsync(CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        var token = Guid.NewGuid().ToString("N");
        var leased = await redis.TryDirectAsync(db => db.StringSetAsync(keys.SyncLease, token, LeaseTime, When.NotExists), cancellationToken);
        if (!leased.Done)
        {
            return new SyncRunReport(0, 0, -1, false, $"Redis unavailable: {RedisGate.Describe(leased.Error)}");
        }
        if (!leased.Value)
        {
            return new SyncRunReport(0, 0, -1, true, null);
        }

        var applied = 0;
        var dead = 0;
        string? error = null;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await redis.TryDirectAsync(db => db.ListRangeAsync(keys.SyncQueue, 0, options.Value.SyncBatchSize - 1), cancellationToken);
                if (!batch.Done)
                {
                    error = $"Redis unavailable: {RedisGate.Describe(batch.Error)}";
                    break;
                }
                if (batch.Value!.Length == 0)
                {
                    break;
                }

                var items = batch.Value.Select(v => (Raw: v, Item: SyncItem.TryParse(v))).ToList();
                var bad = items.Where(i => i.Item is null).Select(i => i.Raw).ToArray();
                var events = items.Where(i => i.Item?.RateLimitEvent is not null).Select(i => i.Item!.RateLimitEvent!).ToList();
                var refunded = items.Where(i => i.Item?.RefundedIds is not null).SelectMany(i => i.Item!.RefundedIds!).ToList();
                try
                {
                    // Refunds apply after the batch's events: an event and its refund may share the batch, and a
                    // refund is always queued behind its events, so deleting last is the queue's own order.
                    await _retry.ExecuteAsync(async ct => await rateLimits.ApplyAsync(events, refunded, ct), cancellationToken);
                }
                catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
                {
                    error = $"PostgreSQL failed after {options.Value.SyncAttempts} attempts: {ex.Message}";
                    logger.LogWarning(ex, "Sync batch of {Count} items not applied; it stays queued for the next run", events.Count);
                    break;
                }

                if (bad.Length > 0)
                {
                    await redis.TryDirectAsync(db => db.ListRightPushAsync(keys.SyncDeadLetters, bad), cancellationToken);
                    logger.LogError("{Count} sync items could not be understood; moved to {Key}", bad.Length, (string?)keys.SyncDeadLetters);
                }

                var trimmed = await redis.TryDirectAsync(
                    db => db.ScriptEvaluateAsync(TrimIfLeased, [keys.SyncLease, keys.SyncQueue], [token, batch.Value.Length]),
                    cancellationToken);
                if (!trimmed.Done || (long)trimmed.Value! != 1)
                {
                    // Applied but not removed: the next run applies the batch again, which changes nothing.
                    error = trimmed.Done ? "the sync lease expired during the batch" : $"Redis unavailable: {RedisGate.Describe(trimmed.Error)}";
                    break;
                }
                applied += events.Count + refunded.Count;
                dead += bad.Length;
            }
        }
        finally
        {
            await redis.TryDirectAsync(db => db.ScriptEvaluateAsync(ReleaseLease, [keys.SyncLease], [token]), CancellationToken.None);
        }

        var remaining = await redis.TryDirectAsync(db => db.ListLengthAsync(keys.SyncQueue), CancellationToken.None);
        return new SyncRunReport(applied, dead, remaining.Done ? remaining.Value : -1, false, error);
    }
}
