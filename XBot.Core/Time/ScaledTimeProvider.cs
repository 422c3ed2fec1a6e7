namespace XBot.Core.Time;

/// <summary>
/// A clock that runs <see cref="Scale"/> times faster than a physical one from <see cref="Epoch"/> on:
/// simulated now = epoch + (physical now − epoch) × scale. Every process given the same epoch and scale
/// computes the same simulated time on its own, so the worker, the api and the X stand-in agree with no
/// coordination (docs/learning.md, "Watching it learn on the AppHost's stack").
/// </summary>
/// <remarks>
/// Timers created through it (<c>Task.Delay</c>, <c>PeriodicTimer</c>, <c>WaitAsync</c> with this provider) fire
/// <see cref="Scale"/> times sooner, so every loop keeps its cadence in simulated time. Timestamps
/// (<see cref="GetTimestamp"/>) stay physical: they measure how long work took (query latencies held against
/// health thresholds), and a simulation compresses the waiting between cycles, not the work in them.
/// </remarks>
public sealed class ScaledTimeProvider : TimeProvider
{
    private long _lastTicks;

    public ScaledTimeProvider(TimeProvider physical, DateTimeOffset epoch, double scale)
    {
        ArgumentNullException.ThrowIfNull(physical);
        if (!double.IsFinite(scale) || scale < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The time scale must be a finite number of at least 1.");
        }
        PhysicalClock = physical;
        Epoch = epoch.ToUniversalTime();
        Scale = scale;
    }

    /// <summary>The clock simulated time is computed from; durations that bound physical work (timeouts) belong to it.</summary>
    public TimeProvider PhysicalClock { get; }

    public DateTimeOffset Epoch { get; }

    public double Scale { get; }

    public override DateTimeOffset GetUtcNow()
    {
        var elapsed = PhysicalClock.GetUtcNow().UtcTicks - Epoch.UtcTicks;
        var ticks = Math.Clamp(Epoch.UtcTicks + (long)(elapsed * Scale), DateTimeOffset.MinValue.UtcTicks, DateTimeOffset.MaxValue.UtcTicks);
        // Never backwards within a process: a physical clock stepped back (NTP) would step simulated time back
        // Scale times as far, and windows, ages and reward ages would run backwards with it.
        var last = Interlocked.Read(ref _lastTicks);
        while (ticks > last)
        {
            var seen = Interlocked.CompareExchange(ref _lastTicks, ticks, last);
            if (seen == last)
            {
                return new DateTimeOffset(ticks, TimeSpan.Zero);
            }
            last = seen;
        }
        return new DateTimeOffset(last, TimeSpan.Zero);
    }

    public override long GetTimestamp() => PhysicalClock.GetTimestamp();

    public override long TimestampFrequency => PhysicalClock.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => PhysicalClock.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(PhysicalClock.CreateTimer(callback, state, ToPhysical(dueTime), ToPhysical(period)), this);

    /// <summary>
    /// The physical duration of <paramref name="simulated"/>. Infinite, zero and negative values pass unchanged
    /// (the physical clock validates them); a positive one is at least a millisecond, because a timer's period of
    /// zero would mean "never again" rather than "very soon".
    /// </summary>
    public TimeSpan ToPhysical(TimeSpan simulated) =>
        simulated <= TimeSpan.Zero || simulated == Timeout.InfiniteTimeSpan
            ? simulated
            : TimeSpan.FromTicks(Math.Max(TimeSpan.TicksPerMillisecond, (long)(simulated.Ticks / Scale)));

    private sealed class ScaledTimer(ITimer inner, ScaledTimeProvider clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.ToPhysical(dueTime), clock.ToPhysical(period));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

public static class TimeProviderExtensions
{
    /// <summary>
    /// The physical clock behind a <see cref="ScaledTimeProvider"/>, else <paramref name="time"/> itself: for timeouts
    /// and liveness limits, which bound how long real work may take and must not shrink with a simulated clock.
    /// </summary>
    public static TimeProvider Physical(this TimeProvider time) => time is ScaledTimeProvider scaled ? scaled.PhysicalClock : time;

    /// <summary>How many times faster than real time <paramref name="time"/> runs: 1 unless it is a <see cref="ScaledTimeProvider"/>.</summary>
    public static double Scale(this TimeProvider time) => time is ScaledTimeProvider scaled ? scaled.Scale : 1;
}
