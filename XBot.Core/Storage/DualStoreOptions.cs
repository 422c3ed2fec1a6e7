using System.ComponentModel.DataAnnotations;

namespace XBot.Core.Storage;

/// <summary>
/// Tuning of the dual store, from the <c>DualStore</c> configuration section. The runbook's switches
/// (USE_REDIS, REDIS_*, SYNC_INTERVAL_MS) are in <see cref="Configuration.XBotOptions"/>; these are the
/// engineering knobs behind them, with defaults that suit production.
/// </summary>
public sealed class DualStoreOptions
{
    public const string Section = "DualStore";

    /// <summary>Longest a Redis call may take before it counts as a failure and PostgreSQL answers instead.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:30")]
    public TimeSpan RedisTimeout { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How often Redis is PINGed: to notice an outage without traffic, and to notice recovery.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ProbeInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Failed Redis calls within <see cref="BreakerSamplingDuration"/> (and at least half of all calls) that open the circuit.</summary>
    [Range(2, 1000)]
    public int BreakerMinimumThroughput { get; set; } = 3;

    [Range(typeof(TimeSpan), "00:00:00.500", "00:10:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often each process checks <c>bot_config</c> for changes when pub/sub is not available, and re-reads the manual fallback switch.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConfigPollInterval { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Longest an in-process config copy is trusted without a change notice (a safety net under pub/sub and polling).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan ConfigLocalTtl { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Sync-queue items moved to PostgreSQL per transaction.</summary>
    [Range(1, 10_000)]
    public int SyncBatchSize { get; set; } = 500;

    /// <summary>Attempts per batch within one sync run before the batch waits for the next run.</summary>
    [Range(1, 10)]
    public int SyncAttempts { get; set; } = 3;

    /// <summary>Rate-limit events older than this are deleted from PostgreSQL by the sync service (longer than any window).</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "400.00:00:00")]
    public TimeSpan RateLimitEventRetention { get; set; } = TimeSpan.FromDays(8);
}
