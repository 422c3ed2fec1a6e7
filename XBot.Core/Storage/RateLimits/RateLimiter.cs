using Microsoft.Extensions.Logging;
using StackExchange.Redis;
using XBot.Core.Configuration;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;

namespace XBot.Core.Storage.RateLimits;

/// <summary>
/// Checks (consumes) and peeks rate limits. Redis answers in normal mode, atomically by script, and each
/// admitted event reaches PostgreSQL with the same id and time: written at once with dual write
/// (DUAL_WRITE_ENABLED and the dual_write flag, the default), so an admitted check survives a Redis loss; else appended to the sync queue by the same
/// script (write-behind). A caller that writes the events durably itself, in the same transaction as the
/// thing they were taken for (the scheduler, with the post's transition), asks for
/// <see cref="RateLimitRecording.ByCaller"/>: the check then runs at Redis speed and the queue is only the
/// backstop. In fallback PostgreSQL answers, atomically by advisory lock. When neither can answer, the
/// check is refused: a rate limit fails closed.
/// </summary>
public sealed class RateLimiter(
    RedisGate redis,
    PostgresRateLimits postgres,
    SyncQueue syncQueue,
    FallbackController fallback,
    XBotOptions options,
    TimeProvider time,
    ILogger<RateLimiter> logger)
{
    public Task<RateLimitDecision> CheckAsync(IReadOnlyList<RateLimitRule> rules, CancellationToken cancellationToken) =>
        RunAsync(rules, consume: true, RateLimitRecording.Mirrored, cancellationToken);

    public Task<RateLimitDecision> CheckAsync(IReadOnlyList<RateLimitRule> rules, RateLimitRecording recording, CancellationToken cancellationToken) =>
        RunAsync(rules, consume: true, recording, cancellationToken);

    public Task<RateLimitDecision> PeekAsync(IReadOnlyList<RateLimitRule> rules, CancellationToken cancellationToken) =>
        RunAsync(rules, consume: false, RateLimitRecording.Mirrored, cancellationToken);

    private async Task<RateLimitDecision> RunAsync(IReadOnlyList<RateLimitRule> rules, bool consume, RateLimitRecording recording, CancellationToken cancellationToken)
    {
        if (rules.Count == 0)
        {
            throw new ArgumentException("at least one rate limit is needed.", nameof(rules));
        }
        foreach (var rule in rules)
        {
            rule.Validate();
        }
        if (rules.Select(r => (r.Name, r.Kind, r.WindowMs)).Distinct().Count() != rules.Count)
        {
            throw new ArgumentException("each rate limit may be named once per check.", nameof(rules));
        }

        await redis.EnsureInitializedAsync(cancellationToken);
        using var inFlight = fallback.TrackOperation();
        var nowMs = time.GetUtcNow().ToUnixTimeMilliseconds();
        var ids = rules.Select(_ => Guid.NewGuid()).ToArray();
        var events = rules.Select((r, i) => new RateLimitEvent(ids[i], options.AppEnv, r.Name, r.KindText, r.WindowMs, nowMs, "redis")).ToArray();

        var routing = redis.Routing;
        var queueInRedis = FeatureRouting.UsesRedis(StoreFeature.Queue, routing, fallback.Status.Mode);
        var viaQueue = consume && (FeatureRouting.MirrorsThroughSyncQueue(routing, fallback.Status.Mode) || (recording == RateLimitRecording.ByCaller && queueInRedis));
        var syncItems = viaQueue ? events.Select(e => SyncItem.ForRateLimitEvent(e, nowMs).Serialize()).ToArray() : null;
        var (keys, args) = RateLimitScript.Arguments(redis.Keys, rules, ids, nowMs, consume, syncItems);
        var attempt = await redis.TryAsync(StoreFeature.RateLimiting, db => db.ScriptEvaluateAsync(RateLimitScript.Source, keys, args), cancellationToken);
        if (attempt.Done)
        {
            if (RateLimitScript.Parse(attempt.Value!, rules.Count) is { } answer)
            {
                // ByCaller without a queue in Redis: the caller's own write is then the only one, as it is durable.
                if (consume && answer.Allowed && !viaQueue && recording == RateLimitRecording.Mirrored)
                {
                    await MirrorAsync(events, nowMs, cancellationToken);
                }
                return Consumed(Decide(rules, answer.Allowed, answer.Counts, nowMs, RateLimitSource.Redis), consume, ids, nowMs);
            }
            fallback.ReportCold();
        }

        try
        {
            var (allowed, counts) = consume
                ? await postgres.CheckAsync(rules, ids, nowMs, consume: true, cancellationToken)
                : await PeekPostgresAsync(rules, nowMs, cancellationToken);
            return Consumed(Decide(rules, allowed, [.. counts], nowMs, RateLimitSource.Postgres), consume, ids, nowMs);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Neither Redis nor PostgreSQL could answer a rate-limit check of {Limits}; refusing it", string.Join(", ", rules.Select(r => r.Name)));
            return RateLimitDecision.Unavailable(rules, $"no store could answer: {ex.Message}");
        }
    }

    /// <summary>
    /// Gives back what an admitted check of <paramref name="rules"/> counted, in both stores: in Redis by one
    /// script (every rule's event at once), in PostgreSQL by one statement. Used when the thing the slot was
    /// taken for did not happen (a post X never received). Safe to repeat; a decision that counted nothing is ignored.
    /// </summary>
    public async Task RefundAsync(IReadOnlyList<RateLimitRule> rules, RateLimitDecision consumed, CancellationToken cancellationToken)
    {
        if (!consumed.Allowed || consumed.EventIds.Count != rules.Count || consumed.ConsumedAtMs is not { } atMs)
        {
            return;
        }
        // The refund also follows the events through the sync queue, behind them, so that a drain that
        // applies events still queued deletes them again: a refunded event never comes back.
        var refundItem = redis.Serves(StoreFeature.Queue)
            ? SyncItem.ForRefund(consumed.EventIds, time.GetUtcNow().ToUnixTimeMilliseconds()).Serialize()
            : "";
        RedisKey[] keys = [redis.Keys.SyncQueue, .. rules.Select(r => RateLimitScript.KeyFor(redis.Keys, r, atMs))];
        RedisValue[] args = [refundItem, .. rules.Select((r, i) => (RedisValue)$"{(r.Kind == RateLimitWindow.Sliding ? "s" : "f")}{consumed.EventIds[i]:N}")];
        var redisDone = await redis.TryAsync(StoreFeature.RateLimiting, db => db.ScriptEvaluateAsync(RefundScript, keys, args), cancellationToken);
        try
        {
            await postgres.DeleteAsync(consumed.EventIds, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogError(ex, "Could not give back rate-limit events {Ids} in PostgreSQL (Redis: {RedisDone})", string.Join(", ", consumed.EventIds), redisDone.Done);
        }
    }

    // KEYS: [1] sync queue, [2..] one window key per limit. ARGV: [1] refund sync item ('' for none), [2..] kind+id per limit.
    private const string RefundScript = """
        for i = 2, #KEYS do
          local kind = string.sub(ARGV[i], 1, 1)
          local member = string.sub(ARGV[i], 2)
          if kind == 's' then
            redis.call('ZREM', KEYS[i], member)
          elseif tonumber(redis.call('GET', KEYS[i]) or '0') > 0 then
            redis.call('DECR', KEYS[i])
          end
        end
        if ARGV[1] ~= '' then redis.call('RPUSH', KEYS[1], ARGV[1]) end
        return 1
        """;

    private static RateLimitDecision Consumed(RateLimitDecision decision, bool consume, Guid[] ids, long nowMs) =>
        consume && decision.Allowed ? decision with { EventIds = ids, ConsumedAtMs = nowMs } : decision;

    private async Task<(bool, IReadOnlyList<(int Count, long? OldestMs)>)> PeekPostgresAsync(IReadOnlyList<RateLimitRule> rules, long nowMs, CancellationToken cancellationToken)
    {
        var counts = new List<(int, long?)>();
        foreach (var rule in rules)
        {
            counts.Add(await postgres.CountAsync(rule, nowMs, cancellationToken));
        }
        return (rules.Select((r, i) => counts[i].Item1 < r.Limit).All(x => x), counts);
    }

    /// <summary>Writes Redis-admitted events to PostgreSQL now; if that fails, queues them; if that fails too, the audit repairs it.</summary>
    private async Task MirrorAsync(IReadOnlyList<RateLimitEvent> events, long nowMs, CancellationToken cancellationToken)
    {
        try
        {
            await postgres.InsertAsync(events, cancellationToken);
            return;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not mirror rate-limit events to PostgreSQL; queueing them for the sync");
        }
        foreach (var e in events)
        {
            if (!await syncQueue.TryEnqueueAsync(SyncItem.ForRateLimitEvent(e, nowMs), cancellationToken))
            {
                logger.LogError("Rate-limit event {Id} of {Limit} is only in Redis; 'audit consistency --repair' copies it to PostgreSQL", e.Id, e.Limit);
            }
        }
    }

    private static RateLimitDecision Decide(IReadOnlyList<RateLimitRule> rules, bool allowed, IReadOnlyList<(int Count, long? OldestMs)> counts, long nowMs, RateLimitSource source)
    {
        var statuses = new List<RateLimitStatus>(rules.Count);
        TimeSpan? retryAfter = null;
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            var (count, oldest) = counts[i];
            long? resetMs = rule.Kind == RateLimitWindow.Fixed
                ? rule.FixedWindowAt(nowMs).EndMs
                : oldest is { } o ? o + rule.WindowMs : null;
            var resetAt = resetMs is { } r ? DateTimeOffset.FromUnixTimeMilliseconds(r) : (DateTimeOffset?)null;
            statuses.Add(new RateLimitStatus(rule.Name, rule.Limit, count, resetAt));
            if (!allowed && count >= rule.Limit && resetMs is { } reset)
            {
                var wait = TimeSpan.FromMilliseconds(Math.Max(0, reset - nowMs));
                retryAfter = retryAfter is null || wait > retryAfter ? wait : retryAfter;
            }
        }
        return new RateLimitDecision(allowed, source, statuses, retryAfter);
    }
}

/// <summary>How a Redis-admitted event reaches PostgreSQL.</summary>
public enum RateLimitRecording
{
    /// <summary>The limiter records it: at once with DUAL_WRITE_ENABLED, else through the sync queue.</summary>
    Mirrored,

    /// <summary>
    /// The caller writes it in the same transaction as what it was taken for (<see cref="RateLimitEvent.Of"/>);
    /// the limiter only queues it write-behind as a backstop, so the check does not wait for PostgreSQL.
    /// </summary>
    ByCaller,
}
