namespace XBot.XSimulator.Simulation;

/// <summary>
/// Post ids built as X builds them (snowflakes): milliseconds since X's epoch in the high bits, then a
/// random instance number and a sequence. Time-based, so a restarted stand-in never hands out an id it
/// handed out before (a counter from a fixed start did, and clashed with ids XBot had recorded); strictly
/// increasing within an instance, so newer posts have larger ids, as on X.
/// </summary>
public sealed class SnowflakeIds(TimeProvider clock)
{
    /// <summary>X's snowflake epoch, 2010-11-04T01:42:54.657Z.</summary>
    public const long EpochMs = 1_288_834_974_657;

    private const int InstanceBits = 10;
    private const int SequenceBits = 12;

    private readonly Lock _gate = new();
    private readonly long _instance = Random.Shared.NextInt64(1L << InstanceBits);
    private long _lastMs = -1;
    private long _sequence;

    public long Next()
    {
        lock (_gate)
        {
            var ms = Math.Max(clock.GetUtcNow().ToUnixTimeMilliseconds() - EpochMs, _lastMs);
            if (ms == _lastMs && ++_sequence >= 1L << SequenceBits)
            {
                // The sequence ran out within one millisecond: borrow the next one rather than repeat.
                ms++;
                _sequence = 0;
            }
            else if (ms != _lastMs)
            {
                _sequence = 0;
            }
            _lastMs = ms;
            return (ms << (InstanceBits + SequenceBits)) | (_instance << SequenceBits) | _sequence;
        }
    }

    /// <summary>When an id was made (X's ids carry their creation time).</summary>
    public static DateTimeOffset TimeOf(long id) => DateTimeOffset.FromUnixTimeMilliseconds((id >> (InstanceBits + SequenceBits)) + EpochMs);
}
