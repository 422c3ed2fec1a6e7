using System.Text.Json.Nodes;
using Npgsql;
using StackExchange.Redis;
using XBot.Core.Config;
using XBot.Core.Storage.RateLimits;
using XBot.Core.Storage.Redis;
using XBot.Core.Storage.Tweets;

namespace XBot.Core.Storage.Maintenance;

/// <summary>What a rebuild wrote to Redis.</summary>
public sealed record RebuildReport(int DedupKeys, int RateLimitKeys, int RateLimitEvents, bool ConfigCached, DateTimeOffset? LastPostAt)
{
    public JsonObject ToJson() => new()
    {
        ["dedupKeys"] = DedupKeys,
        ["rateLimitKeys"] = RateLimitKeys,
        ["rateLimitEvents"] = RateLimitEvents,
        ["configCached"] = ConfigCached,
        ["lastPostAt"] = LastPostAt,
    };
}

/// <summary>
/// Rebuilds Redis from PostgreSQL (runbooks.md §4: "rebuildable at any time"): dedup hashes of the last
/// 7 days, rate-limit windows, the config cache and the last post time; then sets the warm marker. It
/// merges rather than replaces, so it never lowers a rate-limit count that Redis already holds, and it
/// can run again at any time with the same result.
/// </summary>
public sealed class RedisRebuilder(NpgsqlDataSource dataSource, RedisGate redis, PostgresRateLimits rateLimits, ConfigStore config, TimeProvider time)
{
    internal const string RaiseCounter = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) return 1 end
        return 0
        """;

    internal const string RaiseTimestamp = """
        local current = tonumber(redis.call('GET', KEYS[1]) or '0')
        if tonumber(ARGV[1]) > current then redis.call('SET', KEYS[1], ARGV[1]) end
        return 1
        """;

    /// <summary>Rebuilds every family; throws <see cref="RedisUnavailableException"/> when Redis fails, PostgreSQL's errors when it does.</summary>
    public async Task<RebuildReport> RebuildAsync(CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        var now = time.GetUtcNow();
        var nowMs = now.ToUnixTimeMilliseconds();

        // Streamed: rows are read one by one and written in pages of DedupPage, so memory stays flat
        // whatever the number of live posts.
        var hashes = 0;
        var page = new List<(string Hash, string TweetId, TimeSpan Ttl)>(DedupPage);
        await foreach (var h in StreamLiveHashesAsync(cancellationToken))
        {
            hashes++;
            var ttl = h.CreatedAt + StoreLimits.DedupWindow - now;
            if (ttl > TimeSpan.Zero)
            {
                page.Add((h.Hash, h.TweetId, ttl));
            }
            if (page.Count == DedupPage)
            {
                await WriteDedupPageAsync(page, cancellationToken);
                page.Clear();
            }
        }
        await WriteDedupPageAsync(page, cancellationToken);

        var limitKeys = 0;
        var limitEvents = 0;
        foreach (var limit in await rateLimits.ActiveLimitsAsync(nowMs, cancellationToken))
        {
            var events = await rateLimits.EventsInWindowAsync(limit, nowMs, cancellationToken);
            if (events.Count == 0)
            {
                continue;
            }
            await WriteWindowAsync(limit, events, nowMs, cancellationToken);
            limitKeys++;
            limitEvents += events.Count;
        }

        var snapshot = await config.ReadSnapshotAsync(cancellationToken);
        var cached = await config.TryCacheAsync(snapshot, direct: true, cancellationToken);

        var lastPost = await LastPostAtAsync(cancellationToken);
        if (lastPost is { } at)
        {
            await redis.ExecuteAsync(db => db.ScriptEvaluateAsync(RaiseTimestamp, [keys.LastPostAt], [at.ToUnixTimeMilliseconds()]), cancellationToken);
        }

        await redis.ExecuteAsync(db => db.StringSetAsync(keys.WarmMarker, now.ToString("O")), cancellationToken);
        return new RebuildReport(hashes, limitKeys, limitEvents, cached, lastPost);
    }

    /// <summary>Adds PostgreSQL's events of one limit's current window to its Redis key.</summary>
    internal async Task WriteWindowAsync(ActiveLimit limit, IReadOnlyList<RateLimitEvent> events, long nowMs, CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        if (limit.Kind == RateLimitWindow.Sliding)
        {
            var key = keys.SlidingWindow(limit.Limit, limit.WindowMs);
            var newest = events.Max(e => e.OccurredAtMs);
            await redis.ExecuteAsync(async db =>
            {
                await db.SortedSetAddAsync(key, [.. events.Select(e => new SortedSetEntry(e.Id.ToString("N"), e.OccurredAtMs))]);
                // Same lifetime the check script gives: newest event + window + 1 min.
                await db.KeyExpireAsync(key, TimeSpan.FromMilliseconds(Math.Max(1, newest + limit.WindowMs + 60_000 - nowMs)));
                return true;
            }, cancellationToken);
        }
        else
        {
            var rule = new RateLimitRule(limit.Limit, 1, TimeSpan.FromMilliseconds(limit.WindowMs), RateLimitWindow.Fixed);
            var (index, _, endMs) = rule.FixedWindowAt(nowMs);
            await redis.ExecuteAsync(
                db => db.ScriptEvaluateAsync(RaiseCounter, [keys.FixedWindow(limit.Limit, limit.WindowMs, index)], [events.Count, endMs - nowMs + 60_000]),
                cancellationToken);
        }
    }

    private const int DedupPage = 500;

    private async Task WriteDedupPageAsync(IReadOnlyList<(string Hash, string TweetId, TimeSpan Ttl)> page, CancellationToken cancellationToken)
    {
        if (page.Count == 0)
        {
            return;
        }
        var keys = redis.Keys;
        await redis.ExecuteAsync(async db =>
        {
            await Task.WhenAll(page.Select(x => db.StringSetAsync(keys.Dedup(x.Hash), x.TweetId, x.Ttl)));
            return true;
        }, cancellationToken);
    }

    /// <summary>Live posts' hashes within the dedup window.</summary>
    internal async Task<IReadOnlyList<(string Hash, string TweetId, DateTimeOffset CreatedAt)>> LiveHashesAsync(CancellationToken cancellationToken)
    {
        var result = new List<(string, string, DateTimeOffset)>();
        await foreach (var h in StreamLiveHashesAsync(cancellationToken))
        {
            result.Add(h);
        }
        return result;
    }

    /// <summary>Live posts' hashes within the dedup window, one row at a time.</summary>
    private async IAsyncEnumerable<(string Hash, string TweetId, DateTimeOffset CreatedAt)> StreamLiveHashesAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            $"""
            SELECT content_hash, tweet_id, created_at FROM tweets
            WHERE content_hash IS NOT NULL AND status NOT IN {TweetStatus.DeadSql} AND created_at > @from
            """,
            connection);
        command.Parameters.AddWithValue("from", (time.GetUtcNow() - StoreLimits.DedupWindow).UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return (reader.GetString(0), reader.GetString(1), new DateTimeOffset(reader.GetDateTime(2), TimeSpan.Zero));
        }
    }

    /// <summary>The time of the newest post or shadowed post.</summary>
    internal async Task<DateTimeOffset?> LastPostAtAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var command = new NpgsqlCommand(
            "SELECT max(coalesce(posted_at, created_at)) FROM tweets WHERE status IN ('posted', 'shadowed')",
            connection);
        return await command.ExecuteScalarAsync(cancellationToken) is DateTime at ? new DateTimeOffset(at, TimeSpan.Zero) : null;
    }
}
