using System.Text.Json.Nodes;
using StackExchange.Redis;
using XBot.Core.Audit;
using XBot.Core.Config;
using XBot.Core.Configuration;
using XBot.Core.Storage.Fallback;
using XBot.Core.Storage.Maintenance;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Sync;

namespace XBot.Core.Storage.Consistency;

/// <summary>
/// Compares Redis with PostgreSQL: the config cache with <c>bot_config</c>, dedup keys with the live
/// hashes of the last 7 days, each rate-limit window with its events, and the last post time. With
/// repair it first drains the sync queue, then makes each area agree (PostgreSQL is the truth, except that
/// a rate-limit event only Redis knows is copied to PostgreSQL: consumption is never forgotten), and
/// audits again.
/// </summary>
public sealed class ConsistencyAuditor(
    RedisGate redis,
    ConfigStore config,
    RedisRebuilder rebuilder,
    PostgresRateLimits rateLimits,
    SyncQueue syncQueue,
    SyncDrainer drainer,
    FallbackController fallback,
    AuditLog audit,
    XBotOptions options,
    TimeProvider time)
{
    private const int MaxExamples = 10;

    public async Task<ConsistencyReport> AuditAsync(bool repair, string actor, CancellationToken cancellationToken)
    {
        actor = StoreLimits.CheckActor(actor);
        if (!repair)
        {
            return (await CompareAsync(cancellationToken)).Report;
        }

        var drained = await drainer.DrainAsync(cancellationToken);
        var (before, comparison) = await CompareAsync(cancellationToken);
        if (comparison is null)
        {
            return before;
        }
        var summary = await RepairAsync(comparison, drained.Applied, cancellationToken);
        await audit.WriteAsync(new AuditEvent("CONSISTENCY_REPAIRED", "dual-store", AuditSeverity.Info, new JsonObject
        {
            ["actor"] = actor,
            ["driftBefore"] = before.DriftPercent,
            ["syncItemsApplied"] = summary.SyncItemsApplied,
            ["configCacheRewritten"] = summary.ConfigCacheRewritten,
            ["dedupKeysAdded"] = summary.DedupKeysAdded,
            ["dedupKeysRemoved"] = summary.DedupKeysRemoved,
            ["rateLimitEventsToRedis"] = summary.RateLimitEventsToRedis,
            ["rateLimitEventsToPostgres"] = summary.RateLimitEventsToPostgres,
            ["lastPostRepaired"] = summary.LastPostRepaired,
            ["warmMarkerSet"] = summary.WarmMarkerSet,
        }), cancellationToken);
        var (after, _) = await CompareAsync(cancellationToken);
        return after with { Repaired = summary };
    }

    private sealed record LimitComparison(ActiveLimit Limit, IReadOnlyList<RateLimitEvent> PgEvents, IReadOnlyDictionary<string, long> RedisEvents, long RedisCount, long WindowStartMs);

    private sealed record Comparison(
        long NowMs,
        ConfigSnapshot PgConfig,
        bool ConfigDrift,
        IReadOnlyList<(string Hash, string TweetId, DateTimeOffset CreatedAt)> MissingDedup,
        IReadOnlyList<string> ExtraDedup,
        IReadOnlyList<LimitComparison> Limits,
        DateTimeOffset? PgLastPost,
        bool LastPostDrift,
        bool Warm);

    private async Task<(ConsistencyReport Report, Comparison? Comparison)> CompareAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();
        var keys = redis.Keys;
        ConsistencyReport Unavailable(string error) =>
            new(now, options.AppEnv, keys.Prefix, fallback.Status, false, false, null, [], null, null, error);

        try
        {
            var warm = await redis.ExecuteAsync(db => db.KeyExistsAsync(keys.WarmMarker), cancellationToken);
            var areas = new List<DriftArea>();

            // Config: the cached snapshot, when there is one, must hold what bot_config holds.
            var pgConfig = await config.ReadSnapshotAsync(cancellationToken);
            var (_, cached) = await config.ReadCachedAsync(direct: true, cancellationToken);
            var configDrift = new List<string>();
            var configCompared = 0;
            if (cached is not null)
            {
                foreach (var key in pgConfig.Rows.Keys.Union(cached.Rows.Keys))
                {
                    configCompared++;
                    var inPg = pgConfig.Rows.TryGetValue(key, out var pgRow);
                    var inCache = cached.Rows.TryGetValue(key, out var cacheRow);
                    if (!inPg || !inCache || !JsonNode.DeepEquals(pgRow.Value, cacheRow.Value))
                    {
                        configDrift.Add(key);
                    }
                }
            }
            areas.Add(new DriftArea("config", configCompared, configDrift.Count, [.. configDrift.Take(MaxExamples)]));

            // Dedup: every live hash of the window in Redis, and nothing else.
            var pgHashes = await rebuilder.LiveHashesAsync(cancellationToken);
            var redisHashes = (await redis.ExecuteAsync(db => RedisScanner.ScanAsync(db, keys.Pattern(KeyFamily.Dedup), cancellationToken), cancellationToken))
                .Select(k => k[((string)keys.Dedup("")!).Length..])
                .ToHashSet(StringComparer.Ordinal);
            var pgHashSet = pgHashes.Select(h => h.Hash).ToHashSet(StringComparer.Ordinal);
            var missing = pgHashes.Where(h => !redisHashes.Contains(h.Hash)).ToList();
            var extra = redisHashes.Where(h => !pgHashSet.Contains(h)).ToList();
            areas.Add(new DriftArea("dedup", pgHashSet.Union(redisHashes).Count(), missing.Count + extra.Count,
                [.. missing.Select(m => $"missing in redis: {m.Hash[..12]}").Concat(extra.Select(e => $"only in redis: {e[..Math.Min(12, e.Length)]}")).Take(MaxExamples)]));

            // Rate limits: each current window holds the same events in both stores. Events still waiting in
            // the sync queue count as PostgreSQL's (the queue is write-behind by design, not drift), and
            // events a queued refund will delete do not.
            var pending = await syncQueue.PendingAsync((int)StoreLimits.SyncQueueCriticalDepth, cancellationToken)
                ?? throw new RedisUnavailableException("the sync queue could not be read");
            var limits = new List<LimitComparison>();
            var limitDrift = new List<string>();
            foreach (var limit in await LimitsToCompareAsync(nowMs, cancellationToken))
            {
                var (fromMs, toMs) = PostgresRateLimits.WindowBounds(limit.Kind, limit.WindowMs, nowMs);
                var kindText = limit.Kind == RateLimitWindow.Fixed ? "fixed" : "sliding";
                var stored = await rateLimits.EventsInWindowAsync(limit, nowMs, cancellationToken);
                var storedIds = stored.Select(e => e.Id).ToHashSet();
                var pgEvents = stored
                    .Concat(pending.Events.Where(e =>
                        e.Environment == options.AppEnv && e.Limit == limit.Limit && e.WindowKind == kindText && e.WindowMs == limit.WindowMs
                        && (limit.Kind == RateLimitWindow.Sliding ? e.OccurredAtMs > fromMs : e.OccurredAtMs >= fromMs && e.OccurredAtMs < toMs)
                        && !storedIds.Contains(e.Id)))
                    .Where(e => !pending.Refunded.Contains(e.Id))
                    .ToList();
                LimitComparison comparison;
                if (limit.Kind == RateLimitWindow.Sliding)
                {
                    var entries = await redis.ExecuteAsync(
                        db => db.SortedSetRangeByScoreWithScoresAsync(keys.SlidingWindow(limit.Limit, limit.WindowMs), fromMs, double.PositiveInfinity, Exclude.Start),
                        cancellationToken);
                    var redisEvents = entries.ToDictionary(e => e.Element.ToString(), e => (long)e.Score, StringComparer.Ordinal);
                    comparison = new LimitComparison(limit, pgEvents, redisEvents, redisEvents.Count, fromMs);
                    var pgIds = pgEvents.Select(e => e.Id.ToString("N")).ToHashSet(StringComparer.Ordinal);
                    if (!pgIds.SetEquals(redisEvents.Keys))
                    {
                        limitDrift.Add($"{limit.Limit} (sliding {limit.WindowMs} ms): redis {redisEvents.Count}, postgres {pgEvents.Count}");
                    }
                }
                else
                {
                    var index = nowMs / limit.WindowMs;
                    var value = await redis.ExecuteAsync(db => db.StringGetAsync(keys.FixedWindow(limit.Limit, limit.WindowMs, index)), cancellationToken);
                    var count = value.HasValue ? (long)value : 0;
                    comparison = new LimitComparison(limit, pgEvents, new Dictionary<string, long>(), count, fromMs);
                    if (count != pgEvents.Count)
                    {
                        limitDrift.Add($"{limit.Limit} (fixed {limit.WindowMs} ms): redis {count}, postgres {pgEvents.Count}");
                    }
                }
                limits.Add(comparison);
            }
            areas.Add(new DriftArea("rate_limits", limits.Count, limitDrift.Count, [.. limitDrift.Take(MaxExamples)]));

            // State: the last post time.
            var pgLastPost = await rebuilder.LastPostAtAsync(cancellationToken);
            var redisLastPost = await redis.ExecuteAsync(db => db.StringGetAsync(keys.LastPostAt), cancellationToken);
            long? redisLastMs = redisLastPost.HasValue ? (long)redisLastPost : null;
            var lastPostCompared = pgLastPost is not null || redisLastMs is not null;
            var lastPostDrift = lastPostCompared && pgLastPost?.ToUnixTimeMilliseconds() != redisLastMs;
            areas.Add(new DriftArea("state", lastPostCompared ? 1 : 0, lastPostDrift ? 1 : 0, lastPostDrift ? [$"last_post_at: redis {redisLastMs}, postgres {pgLastPost?.ToUnixTimeMilliseconds()}"] : []));

            var compared = areas.Sum(a => a.Compared);
            var drifted = areas.Sum(a => a.Drifted);
            var percent = compared == 0 ? 0 : Math.Round(100.0 * drifted / compared, 2);
            var queue = await syncQueue.StatusAsync(cancellationToken);

            var report = new ConsistencyReport(now, options.AppEnv, keys.Prefix, fallback.Status, true, warm, percent, areas, queue, null, null);
            return (report, new Comparison(nowMs, pgConfig, configDrift.Count > 0, missing, extra, limits, pgLastPost, lastPostDrift, warm));
        }
        catch (RedisUnavailableException ex)
        {
            return (Unavailable(ex.Message), null);
        }
    }

    /// <summary>Limits with events in PostgreSQL's current windows, and those Redis has keys for.</summary>
    private async Task<IReadOnlyList<ActiveLimit>> LimitsToCompareAsync(long nowMs, CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        var result = new HashSet<ActiveLimit>(await rateLimits.ActiveLimitsAsync(nowMs, cancellationToken));
        var prefix = keys.Prefix + RedisKeys.FamilySegment(KeyFamily.RateLimit);
        foreach (var key in await redis.ExecuteAsync(db => RedisScanner.ScanAsync(db, keys.Pattern(KeyFamily.RateLimit), cancellationToken), cancellationToken))
        {
            // {prefix}rl:{name}:s{window} or {prefix}rl:{name}:f{window}:{index}
            var parts = key[prefix.Length..].Split(':');
            if (parts.Length == 2 && parts[1].StartsWith('s') && long.TryParse(parts[1][1..], out var sliding) && sliding > 0)
            {
                result.Add(new ActiveLimit(parts[0], RateLimitWindow.Sliding, sliding));
            }
            else if (parts.Length == 3 && parts[1].StartsWith('f') && long.TryParse(parts[1][1..], out var fixedMs) && fixedMs > 0
                && long.TryParse(parts[2], out var index) && index == nowMs / fixedMs)
            {
                result.Add(new ActiveLimit(parts[0], RateLimitWindow.Fixed, fixedMs));
            }
        }
        return [.. result];
    }

    private async Task<RepairSummary> RepairAsync(Comparison comparison, int syncApplied, CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        var now = time.GetUtcNow();

        if (comparison.ConfigDrift)
        {
            await redis.ExecuteAsync(db => db.StringSetAsync(keys.ConfigCache(options.AppEnv), comparison.PgConfig.ToCacheText(), StoreLimits.ConfigCacheTtl), cancellationToken);
        }

        foreach (var chunk in comparison.MissingDedup.Chunk(500))
        {
            await redis.ExecuteAsync(async db =>
            {
                await Task.WhenAll(chunk
                    .Select(h => (h, Ttl: h.CreatedAt + StoreLimits.DedupWindow - now))
                    .Where(x => x.Ttl > TimeSpan.Zero)
                    .Select(x => db.StringSetAsync(keys.Dedup(x.h.Hash), x.h.TweetId, x.Ttl)));
                return true;
            }, cancellationToken);
        }
        if (comparison.ExtraDedup.Count > 0)
        {
            await redis.ExecuteAsync(db => RedisScanner.DeleteAsync(db, [.. comparison.ExtraDedup.Select(h => (string)keys.Dedup(h)!)]), cancellationToken);
        }

        var toRedis = 0;
        var toPostgres = 0;
        foreach (var limit in comparison.Limits)
        {
            var (kind, windowMs, name) = (limit.Limit.Kind, limit.Limit.WindowMs, limit.Limit.Limit);
            var kindText = kind == RateLimitWindow.Fixed ? "fixed" : "sliding";
            List<RateLimitEvent> copyToPostgres;
            if (kind == RateLimitWindow.Sliding)
            {
                var pgIds = limit.PgEvents.Select(e => e.Id.ToString("N")).ToHashSet(StringComparer.Ordinal);
                copyToPostgres = [.. limit.RedisEvents
                    .Where(e => !pgIds.Contains(e.Key) && Guid.TryParseExact(e.Key, "N", out _))
                    .Select(e => new RateLimitEvent(Guid.ParseExact(e.Key, "N"), options.AppEnv, name, kindText, windowMs, e.Value, "repair"))];
                var missingInRedis = limit.PgEvents.Where(e => !limit.RedisEvents.ContainsKey(e.Id.ToString("N"))).ToList();
                if (missingInRedis.Count > 0)
                {
                    await rebuilder.WriteWindowAsync(limit.Limit, missingInRedis, comparison.NowMs, cancellationToken);
                    toRedis += missingInRedis.Count;
                }
            }
            else
            {
                // A fixed counter holds no event ids: what Redis counted beyond PostgreSQL is recorded at the window's start.
                copyToPostgres = [.. Enumerable.Range(0, (int)Math.Max(0, limit.RedisCount - limit.PgEvents.Count))
                    .Select(_ => new RateLimitEvent(Guid.NewGuid(), options.AppEnv, name, kindText, windowMs, limit.WindowStartMs, "repair"))];
                if (limit.PgEvents.Count > limit.RedisCount)
                {
                    await rebuilder.WriteWindowAsync(limit.Limit, limit.PgEvents, comparison.NowMs, cancellationToken);
                    toRedis += (int)(limit.PgEvents.Count - limit.RedisCount);
                }
            }
            await rateLimits.InsertAsync(copyToPostgres, cancellationToken);
            toPostgres += copyToPostgres.Count;
        }

        if (comparison.LastPostDrift)
        {
            await redis.ExecuteAsync(db => comparison.PgLastPost is { } at
                ? db.StringSetAsync(keys.LastPostAt, at.ToUnixTimeMilliseconds())
                : db.KeyDeleteAsync(keys.LastPostAt), cancellationToken);
        }

        // Every area now matches PostgreSQL, which is what a rebuild guarantees: Redis may be trusted again.
        if (!comparison.Warm)
        {
            await redis.ExecuteAsync(db => db.StringSetAsync(keys.WarmMarker, now.ToString("O")), cancellationToken);
        }

        return new RepairSummary(
            syncApplied,
            comparison.ConfigDrift,
            comparison.MissingDedup.Count,
            comparison.ExtraDedup.Count,
            toRedis,
            toPostgres,
            comparison.LastPostDrift,
            !comparison.Warm);
    }
}
