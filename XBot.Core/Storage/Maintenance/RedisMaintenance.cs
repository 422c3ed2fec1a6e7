using System.Text.Json.Nodes;
using XBot.Core.Audit;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Storage.Maintenance;

/// <summary>Redis as <c>redis health</c> shows it.</summary>
public sealed record RedisHealthReport(bool Reachable, double? PingMs, string? Server, string Prefix, IReadOnlyDictionary<string, long> KeysPerFamily, long OtherKeys, bool Warm, string? Error);

/// <summary>Operator actions on Redis that are not part of the hot path: health, clearing caches.</summary>
public sealed class RedisMaintenance(RedisGate redis, AuditLog audit)
{
    /// <summary>PING latency and key counts per family under this prefix (one SCAN pass; never KEYS).</summary>
    public async Task<RedisHealthReport> HealthAsync(CancellationToken cancellationToken)
    {
        var keys = redis.Keys;
        var families = Enum.GetValues<KeyFamily>().ToDictionary(f => RedisKeys.FamilySegment(f).TrimEnd(':'), _ => 0L);
        try
        {
            var ping = await redis.ExecuteAsync(db => db.PingAsync(), cancellationToken);
            var all = await redis.ExecuteAsync(db => RedisScanner.ScanAsync(db, keys.AllPattern, cancellationToken), cancellationToken);
            var warm = await redis.ExecuteAsync(db => db.KeyExistsAsync(keys.WarmMarker), cancellationToken);
            long other = 0;
            foreach (var key in all)
            {
                if (keys.FamilyOf(key) is { } family)
                {
                    families[RedisKeys.FamilySegment(family).TrimEnd(':')]++;
                }
                else
                {
                    other++;
                }
            }
            return new RedisHealthReport(true, Math.Round(ping.TotalMilliseconds, 2), ServerName(), keys.Prefix, families, other, warm, null);
        }
        catch (RedisUnavailableException ex)
        {
            return new RedisHealthReport(false, null, null, keys.Prefix, families, 0, false, ex.Message);
        }
    }

    /// <summary>Deletes the cache family under this prefix only; queues, rate limits, dedup hashes and state stay.</summary>
    public async Task<long> ClearCachesAsync(string actor, CancellationToken cancellationToken)
    {
        actor = StoreLimits.CheckActor(actor);
        var pattern = redis.Keys.Pattern(KeyFamily.Cache);
        var deleted = await redis.ExecuteAsync(async db => await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, pattern, cancellationToken)), cancellationToken);
        await audit.WriteAsync(new AuditEvent("CACHE_CLEARED", "dual-store", AuditSeverity.Info, new JsonObject
        {
            ["actor"] = actor,
            ["prefix"] = redis.Keys.Prefix,
            ["deleted"] = deleted,
        }), cancellationToken);
        return deleted;
    }

    // The version the server announced when the client connected; INFO itself needs admin mode, which the shared client does not enable.
    private string? ServerName()
    {
        try
        {
            return $"{redis.Server().ServerType.ToString().ToLowerInvariant()} {redis.Server().Version}";
        }
        catch (RedisUnavailableException)
        {
            return null;
        }
    }
}
