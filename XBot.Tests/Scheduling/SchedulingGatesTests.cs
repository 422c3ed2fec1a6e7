using XBot.Core.Scheduling;

namespace XBot.Tests.Scheduling;

public sealed class SchedulingGatesTests
{
    private static readonly int[] NightHours = [2, 3, 4, 5];
    private static readonly int[] AcrossMidnight = [22, 23, 0, 1];

    [Theory]
    [InlineData("2026-01-01T01:59:59Z", false)]
    [InlineData("2026-01-01T02:00:00Z", true)]
    [InlineData("2026-01-01T05:59:59Z", true)]
    [InlineData("2026-01-01T06:00:00Z", false)]
    public void Quiet_hours_are_whole_local_hours(string now, bool quiet) =>
        Assert.Equal(quiet, SchedulingGates.IsQuietHour(DateTimeOffset.Parse(now), TimeZoneInfo.Utc, NightHours));

    [Theory]
    [InlineData("2026-01-01T21:59:00Z", false)]
    [InlineData("2026-01-01T22:00:00Z", true)]
    [InlineData("2026-01-01T23:30:00Z", true)]
    [InlineData("2026-01-02T00:10:00Z", true)]
    [InlineData("2026-01-02T01:59:00Z", true)]
    [InlineData("2026-01-02T02:00:00Z", false)]
    public void Quiet_hours_work_across_midnight(string now, bool quiet) =>
        Assert.Equal(quiet, SchedulingGates.IsQuietHour(DateTimeOffset.Parse(now), TimeZoneInfo.Utc, AcrossMidnight));

    [Fact]
    public void Quiet_hours_are_read_in_the_configured_time_zone()
    {
        var tokyo = TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo");

        // 18:00 UTC is 03:00 in Tokyo: quiet there, not in UTC.
        var now = DateTimeOffset.Parse("2026-01-01T18:00:00Z");

        Assert.True(SchedulingGates.IsQuietHour(now, tokyo, NightHours));
        Assert.False(SchedulingGates.IsQuietHour(now, TimeZoneInfo.Utc, NightHours));
    }

    [Fact]
    public void Quiet_hours_follow_daylight_saving_changes()
    {
        var london = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

        // 02:30 UTC is 02:30 local in January and 03:30 local in July; both quiet, 05:30 UTC only in winter.
        Assert.True(SchedulingGates.IsQuietHour(DateTimeOffset.Parse("2026-01-15T05:30:00Z"), london, NightHours));
        Assert.False(SchedulingGates.IsQuietHour(DateTimeOffset.Parse("2026-07-15T05:30:00Z"), london, NightHours));
    }

    [Fact]
    public void Quiet_until_is_the_first_hour_that_is_not_quiet()
    {
        var until = SchedulingGates.QuietUntil(DateTimeOffset.Parse("2026-01-01T23:17:00Z"), TimeZoneInfo.Utc, AcrossMidnight);

        Assert.Equal(DateTimeOffset.Parse("2026-01-02T02:00:00Z"), until);
    }

    [Theory]
    [InlineData(null, 0)]
    [InlineData("2026-01-01T11:00:00Z", 0)]
    [InlineData("2026-01-01T11:30:00Z", 30)]
    [InlineData("2026-01-01T11:59:00Z", 59)]
    public void Minimum_interval_since_the_last_post(string? lastPost, int minutesRemaining)
    {
        var now = DateTimeOffset.Parse("2026-01-01T12:00:00Z");

        var remaining = SchedulingGates.IntervalRemaining(now, lastPost is null ? null : DateTimeOffset.Parse(lastPost), TimeSpan.FromMinutes(60));

        Assert.Equal(TimeSpan.FromMinutes(minutesRemaining), remaining);
    }

    [Theory]
    [InlineData(0.0, 0.0, false)]
    [InlineData(0.0, 0.999, false)]
    [InlineData(1.0, 0.0, true)]
    [InlineData(1.0, 0.999999, true)]
    [InlineData(0.3, 0.29, true)]
    [InlineData(0.3, 0.3, false)]
    public void Post_fraction_zero_never_posts_and_one_always_does(double fraction, double draw, bool passes) =>
        Assert.Equal(passes, SchedulingGates.PassesPostFraction(fraction, draw));
}
