using StackExchange.Redis;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Storage.RateLimits;

/// <summary>
/// The atomic rate-limit check in Redis: one Lua script counts every limit and, only if all have room,
/// records the event in each; Redis runs a script alone, so concurrent checks can't both take the last
/// slot. Works on Redis 7 and on Garnet (EVAL with --lua; no streams).
/// </summary>
public static class RateLimitScript
{
    /// <summary>The script's answer when the warm marker is missing: Redis lost its data and must not be trusted.</summary>
    public const long Cold = -1;

    // KEYS: [1] warm marker, [2] sync queue, [3..] one window key per limit.
    // ARGV: [1] now (ms), [2] consume ('1' or '0'), then per limit 6 values:
    //   kind ('s' sliding, 'f' fixed), window ms, limit, event id, ttl ms of a new fixed counter, sync item ('' for none).
    // Returns: {allowed, count1, oldest1, count2, oldest2, ...}, oldest -1 when unknown; or {-1} when cold.
    // Expiry is set only when an event is admitted: for a sliding set to newest event + window (+1 min),
    // for a fixed counter once, when it is created. A refused check never touches an expiry.
    public const string Source = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return {-1} end
        local now = tonumber(ARGV[1])
        local consume = ARGV[2] == '1'
        local n = #KEYS - 2
        local counts = {}
        local oldest = {}
        local allowed = 1
        for i = 1, n do
          local key = KEYS[i + 2]
          local b = 2 + (i - 1) * 6
          local window = tonumber(ARGV[b + 2])
          local count
          oldest[i] = -1
          if ARGV[b + 1] == 's' then
            redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
            count = redis.call('ZCARD', key)
            local first = redis.call('ZRANGE', key, 0, 0, 'WITHSCORES')
            if first[2] then oldest[i] = tonumber(first[2]) end
          else
            count = tonumber(redis.call('GET', key) or '0')
          end
          counts[i] = count
          if count >= tonumber(ARGV[b + 3]) then allowed = 0 end
        end
        if consume and allowed == 1 then
          for i = 1, n do
            local key = KEYS[i + 2]
            local b = 2 + (i - 1) * 6
            local window = tonumber(ARGV[b + 2])
            if ARGV[b + 1] == 's' then
              redis.call('ZADD', key, now, ARGV[b + 4])
              redis.call('PEXPIRE', key, window + 60000)
              if oldest[i] == -1 then oldest[i] = now end
            else
              if redis.call('INCR', key) == 1 then redis.call('PEXPIRE', key, tonumber(ARGV[b + 5])) end
            end
            counts[i] = counts[i] + 1
            if ARGV[b + 6] ~= '' then redis.call('RPUSH', KEYS[2], ARGV[b + 6]) end
          end
        end
        local result = {allowed}
        for i = 1, n do
          result[#result + 1] = counts[i]
          result[#result + 1] = oldest[i]
        end
        return result
        """;

    public static RedisKey KeyFor(RedisKeys keys, RateLimitRule rule, long nowMs) =>
        rule.Kind == RateLimitWindow.Sliding
            ? keys.SlidingWindow(rule.Name, rule.WindowMs)
            : keys.FixedWindow(rule.Name, rule.WindowMs, rule.FixedWindowAt(nowMs).Index);

    public static (RedisKey[] Keys, RedisValue[] Args) Arguments(
        RedisKeys keys, IReadOnlyList<RateLimitRule> rules, IReadOnlyList<Guid> ids, long nowMs, bool consume, IReadOnlyList<string>? syncItems)
    {
        var redisKeys = new List<RedisKey> { keys.WarmMarker, keys.SyncQueue };
        var args = new List<RedisValue> { nowMs, consume ? "1" : "0" };
        for (var i = 0; i < rules.Count; i++)
        {
            var rule = rules[i];
            redisKeys.Add(KeyFor(keys, rule, nowMs));
            // A fixed counter outlives its window by a minute, so a slow clock can't recreate a finished window.
            var ttl = rule.Kind == RateLimitWindow.Fixed ? rule.FixedWindowAt(nowMs).EndMs - nowMs + 60_000 : 0;
            args.AddRange([rule.Kind == RateLimitWindow.Sliding ? "s" : "f", rule.WindowMs, rule.Limit, ids[i].ToString("N"), ttl, syncItems?[i] ?? ""]);
        }
        return ([.. redisKeys], [.. args]);
    }

    /// <summary>Parses the script's answer; null when Redis was cold.</summary>
    public static (bool Allowed, (int Count, long? OldestMs)[] Counts)? Parse(RedisResult result, int rules)
    {
        var values = (RedisResult[])result!;
        if (values.Length == 1 && (long)values[0] == Cold)
        {
            return null;
        }
        var counts = new (int, long?)[rules];
        for (var i = 0; i < rules; i++)
        {
            var oldest = (long)values[2 + i * 2];
            counts[i] = ((int)(long)values[1 + i * 2], oldest < 0 ? null : oldest);
        }
        return ((long)values[0] == 1, counts);
    }
}
