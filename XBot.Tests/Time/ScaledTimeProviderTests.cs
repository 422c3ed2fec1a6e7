using Microsoft.Extensions.Time.Testing;
using XBot.Core.Time;

namespace XBot.Tests.Time;

/// <summary>The simulated clock on a fake physical clock: now, timers and timestamps.</summary>
public sealed class ScaledTimeProviderTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Now_starts_at_the_epoch_and_runs_scale_times_faster()
    {
        var physical = new FakeTimeProvider(Epoch);
        var clock = new ScaledTimeProvider(physical, Epoch, 720);

        Assert.Equal(Epoch, clock.GetUtcNow());
        physical.Advance(TimeSpan.FromMinutes(2));
        Assert.Equal(Epoch.AddDays(1), clock.GetUtcNow());
        physical.Advance(TimeSpan.FromMilliseconds(500));
        Assert.Equal(Epoch.AddDays(1).AddSeconds(360), clock.GetUtcNow());
    }

    [Fact]
    public void Two_clocks_with_the_same_epoch_and_scale_agree_whenever_they_start()
    {
        var physical = new FakeTimeProvider(Epoch.AddSeconds(7));
        var early = new ScaledTimeProvider(physical, Epoch, 1440);
        physical.Advance(TimeSpan.FromSeconds(13));
        var late = new ScaledTimeProvider(physical, Epoch, 1440);

        Assert.Equal(early.GetUtcNow(), late.GetUtcNow());
        Assert.Equal(Epoch.AddSeconds(20 * 1440), late.GetUtcNow());
    }

    [Fact]
    public void Now_is_continuous_and_never_goes_back_when_the_physical_clock_is_stepped_back()
    {
        var physical = new SteppedClock { Now = Epoch.AddMinutes(1) };
        var clock = new ScaledTimeProvider(physical, Epoch, 100);
        var readings = new List<DateTimeOffset>();
        for (var ms = 0; ms < 1000; ms += 10)
        {
            physical.Now = Epoch.AddMinutes(1).AddMilliseconds(ms);
            readings.Add(clock.GetUtcNow());
        }
        // Each 10 ms step is exactly one simulated second: no jumps, no gaps.
        Assert.All(readings.Zip(readings.Skip(1)), pair => Assert.Equal(TimeSpan.FromSeconds(1), pair.Second - pair.First));

        var before = clock.GetUtcNow();
        physical.Now -= TimeSpan.FromSeconds(30);
        Assert.Equal(before, clock.GetUtcNow());
        physical.Now += TimeSpan.FromSeconds(31);
        Assert.Equal(before.AddSeconds(100), clock.GetUtcNow());
    }

    [Fact]
    public async Task Task_Delay_on_it_ends_after_a_scale_th_of_the_physical_time()
    {
        var physical = new FakeTimeProvider(Epoch);
        var clock = new ScaledTimeProvider(physical, Epoch, 60);

        var delay = Task.Delay(TimeSpan.FromHours(1), clock);
        physical.Advance(TimeSpan.FromSeconds(59));
        Assert.False(delay.IsCompleted, "an hour at 60x ended before a physical minute");
        physical.Advance(TimeSpan.FromSeconds(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(clock.GetUtcNow() >= Epoch.AddHours(1));
    }

    [Fact]
    public async Task A_PeriodicTimer_on_it_ticks_at_its_simulated_period()
    {
        var physical = new FakeTimeProvider(Epoch);
        var clock = new ScaledTimeProvider(physical, Epoch, 300);
        using var timer = new PeriodicTimer(TimeSpan.FromMinutes(5), clock);

        for (var tick = 1; tick <= 3; tick++)
        {
            var next = timer.WaitForNextTickAsync().AsTask();
            physical.Advance(TimeSpan.FromMilliseconds(999));
            Assert.False(next.IsCompleted, $"tick {tick} came early");
            physical.Advance(TimeSpan.FromMilliseconds(1));
            Assert.True(await next.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.Equal(Epoch.AddMinutes(5 * tick), clock.GetUtcNow());
        }
    }

    [Fact]
    public void A_timer_changed_later_is_scaled_too()
    {
        var physical = new FakeTimeProvider(Epoch);
        var clock = new ScaledTimeProvider(physical, Epoch, 10);
        var fired = 0;
        using var timer = clock.CreateTimer(_ => Interlocked.Increment(ref fired), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        physical.Advance(TimeSpan.FromMinutes(10));
        Assert.Equal(0, fired);
        timer.Change(TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(50));
        physical.Advance(TimeSpan.FromSeconds(9));
        Assert.Equal(0, fired);
        physical.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1, fired);
        physical.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(2, fired);
    }

    [Fact]
    public void Timestamps_stay_physical_so_latencies_are_real()
    {
        var physical = new FakeTimeProvider(Epoch);
        var clock = new ScaledTimeProvider(physical, Epoch, 1000);
        var started = clock.GetTimestamp();
        physical.Advance(TimeSpan.FromMilliseconds(40));

        Assert.Equal(TimeSpan.FromMilliseconds(40), clock.GetElapsedTime(started));
        Assert.Same(physical, clock.Physical());
        Assert.Same(physical, physical.Physical());
    }

    [Fact]
    public void A_positive_duration_never_becomes_zero_and_infinite_stays_infinite()
    {
        var clock = new ScaledTimeProvider(new FakeTimeProvider(Epoch), Epoch, 10_000);

        Assert.Equal(TimeSpan.FromMilliseconds(1), clock.ToPhysical(TimeSpan.FromMilliseconds(1)));
        Assert.Equal(TimeSpan.FromSeconds(1), clock.ToPhysical(TimeSpan.FromSeconds(10_000)));
        Assert.Equal(Timeout.InfiniteTimeSpan, clock.ToPhysical(Timeout.InfiniteTimeSpan));
        Assert.Equal(TimeSpan.Zero, clock.ToPhysical(TimeSpan.Zero));
    }

    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; }

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
