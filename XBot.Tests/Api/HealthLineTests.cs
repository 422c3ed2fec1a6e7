using XBot.Core.Operations;

namespace XBot.Tests.Api;

public sealed class HealthLineTests
{
    private static readonly DateTimeOffset Nine = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_line_has_the_runbook_shape_exactly()
    {
        var line = HealthLine.Format(new HealthFigures(Nine, true, true, 25, 12, Nine.AddHours(-2), 0));

        Assert.Equal("[2026-01-01T09:00:00Z] xBOT Health: HEALTHY | Redis:✅ | DB:✅ | Queue:25 | Bandits:12 | LastPost:2h | Posts/h:0", line);
    }

    [Fact]
    public void Before_the_first_post_it_says_none_and_is_not_a_warning()
    {
        var line = HealthLine.Format(new HealthFigures(Nine, true, true, 0, 0, null, 0));

        Assert.Equal("[2026-01-01T09:00:00Z] xBOT Health: HEALTHY | Redis:✅ | DB:✅ | Queue:0 | Bandits:0 | LastPost:none | Posts/h:0", line);
    }

    [Theory]
    [InlineData(true, true, 6 * 60, "HEALTHY")]
    [InlineData(true, true, 6 * 60 + 1, "WARNING")]
    [InlineData(false, true, 10, "DEGRADED")]
    [InlineData(true, false, 10, "UNHEALTHY")]
    [InlineData(false, false, 10, "UNHEALTHY")]
    public void The_status_follows_the_stores_and_the_six_hour_rule(bool redis, bool db, int minutesSincePost, string status)
    {
        var figures = new HealthFigures(Nine, redis, db, 1, 0, Nine.AddMinutes(-minutesSincePost), 1);

        Assert.Equal(status, figures.Status);
        Assert.Contains($"xBOT Health: {status} | Redis:{(redis ? "✅" : "❌")} | DB:{(db ? "✅" : "❌")} |", HealthLine.Format(figures));
    }

    [Theory]
    [InlineData(0, "0m")]
    [InlineData(59, "59m")]
    [InlineData(60, "1h")]
    [InlineData(47 * 60 + 59, "47h")]
    [InlineData(48 * 60, "2d")]
    public void Ages_are_whole_units(int minutes, string expected) =>
        Assert.Equal(expected, HealthLine.Age(Nine, Nine.AddMinutes(-minutes)));
}
