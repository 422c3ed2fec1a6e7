using StackExchange.Redis;

namespace XBot.Core.Storage.Redis;

/// <summary>The families of Redis keys (runbooks.md §4); each is one segment after the prefix.</summary>
public enum KeyFamily
{
    /// <summary><c>rl:</c> rate-limit windows; live for their window.</summary>
    RateLimit,

    /// <summary><c>dedup:</c> normalised-content hashes; 7 days.</summary>
    Dedup,

    /// <summary><c>cache:</c> cached <c>bot_config</c> values; 1 h, deleted on change. The only family "cache clear" deletes.</summary>
    Cache,

    /// <summary><c>queue:</c> the candidate queue (sorted by score; candidates expire after 48 h).</summary>
    Queue,

    /// <summary><c>sync:</c> the write-behind queue to PostgreSQL and its lease; until synced.</summary>
    Sync,

    /// <summary><c>bandit:</c> per-arm state; no expiry, rebuildable from PostgreSQL.</summary>
    Bandit,

    /// <summary><c>state:</c> last post time, recent topics, the warm marker; as needed.</summary>
    State,
}

/// <summary>
/// Builds every Redis key and channel XBot uses, all under <c>REDIS_PREFIX</c>, so that no other code
/// formats a key and one environment can never touch another's. Layout: <c>{prefix}{family}:{rest}</c>.
/// </summary>
public sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    public static string FamilySegment(KeyFamily family) => family switch
    {
        KeyFamily.RateLimit => "rl:",
        KeyFamily.Dedup => "dedup:",
        KeyFamily.Cache => "cache:",
        KeyFamily.Queue => "queue:",
        KeyFamily.Sync => "sync:",
        KeyFamily.Bandit => "bandit:",
        _ => "state:",
    };

    /// <summary>The SCAN pattern of one family under this prefix, with glob characters of the prefix escaped.</summary>
    public string Pattern(KeyFamily family) => EscapeGlob(Prefix + FamilySegment(family)) + "*";

    /// <summary>The SCAN pattern of every key under this prefix.</summary>
    public string AllPattern => EscapeGlob(Prefix) + "*";

    /// <summary>Sliding window of a limit: a sorted set of event ids scored by time in ms. The window length is part of the key.</summary>
    public RedisKey SlidingWindow(string limit, long windowMs) => $"{Prefix}rl:{limit}:s{windowMs}";

    /// <summary>Fixed window <paramref name="index"/> (time / window) of a limit: a counter that expires with its window.</summary>
    public RedisKey FixedWindow(string limit, long windowMs, long index) => $"{Prefix}rl:{limit}:f{windowMs}:{index}";

    public RedisKey Dedup(string contentHash) => $"{Prefix}dedup:{contentHash}";

    /// <summary>The cached <c>bot_config</c> rows of one environment, as one versioned snapshot.</summary>
    public RedisKey ConfigCache(string environment) => $"{Prefix}cache:config:{environment}";

    public RedisKey CandidateQueue => $"{Prefix}queue:candidates";

    public RedisKey SyncQueue => $"{Prefix}sync:queue";

    /// <summary>Sync items that could not be understood; kept for inspection, never retried.</summary>
    public RedisKey SyncDeadLetters => $"{Prefix}sync:dead";

    /// <summary>The lease that lets one process at a time drain the sync queue.</summary>
    public RedisKey SyncLease => $"{Prefix}sync:lease";

    public RedisKey BanditArm(string arm) => $"{Prefix}bandit:{arm}";

    public RedisKey LastPostAt => $"{Prefix}state:last_post_at";

    /// <summary>One X API rate-limit window as X last reported it (JSON); expires at its reset.</summary>
    public RedisKey XApiRateLimitWindow(string endpoint, string scope) => $"{Prefix}state:x_api_rl:{endpoint.Replace(' ', '_')}:{scope}";

    public RedisKey TopicsLast24h => $"{Prefix}state:topics_24h";

    /// <summary>
    /// Set when Redis has been rebuilt from PostgreSQL. A Redis that lost its data (restart, eviction) lacks
    /// it, and is not trusted for rate limits or dedup until rebuilt.
    /// </summary>
    public RedisKey WarmMarker => $"{Prefix}state:warm";

    /// <summary>Pub/sub channel for config and fallback-switch changes (a channel, not a key).</summary>
    public RedisChannel ConfigChannel => RedisChannel.Literal($"{Prefix}events:config");

    /// <summary>Which family a key of this prefix belongs to, or null for a key outside the prefix or the families.</summary>
    public KeyFamily? FamilyOf(string key)
    {
        if (!key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }
        var rest = key.AsSpan(Prefix.Length);
        foreach (var family in Enum.GetValues<KeyFamily>())
        {
            if (rest.StartsWith(FamilySegment(family), StringComparison.Ordinal))
            {
                return family;
            }
        }
        return null;
    }

    private static string EscapeGlob(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (c is '*' or '?' or '[' or ']' or '\\')
            {
                builder.Append('\\');
            }
            builder.Append(c);
        }
        return builder.ToString();
    }
}
