namespace XBot.XSimulator.Simulation;

/// <summary>
/// The stand-in's clock: a base clock (the system's, or a test's FakeTimeProvider) plus an offset the
/// admin API can move. Post ages, windows and storms follow it; the OAuth timestamp check uses
/// <see cref="Base"/>, the clock its clients share.
/// </summary>
public sealed class SimClock(TimeProvider baseClock) : TimeProvider
{
    private long _offsetTicks;

    public TimeProvider Base => baseClock;

    public TimeSpan Offset => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public override DateTimeOffset GetUtcNow() => baseClock.GetUtcNow() + Offset;

    public override long GetTimestamp() => baseClock.GetTimestamp();

    public override long TimestampFrequency => baseClock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => baseClock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        baseClock.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves simulated time forward; it never goes back, so windows and ages stay consistent.</summary>
    public DateTimeOffset Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(by), by, "The clock only moves forward; give a positive duration.");
        }
        Interlocked.Add(ref _offsetTicks, by.Ticks);
        return GetUtcNow();
    }

    /// <summary>Sets simulated time to <paramref name="now"/>, which must not be before the current simulated time.</summary>
    public DateTimeOffset Set(DateTimeOffset now)
    {
        var current = GetUtcNow();
        if (now < current)
        {
            throw new ArgumentOutOfRangeException(nameof(now), now, $"The clock only moves forward; it is already {current:O}.");
        }
        return Advance(now - current);
    }

    public void Reset() => Interlocked.Exchange(ref _offsetTicks, 0);
}
