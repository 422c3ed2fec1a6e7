using XBot.Core.Candidates;

namespace XBot.Tests.Candidates;

public sealed class CandidatePriorityTests
{
    private static readonly CandidateOptions Options = new();
    private static readonly DateTimeOffset Now = DateTimeOffset.Parse("2026-01-07T12:00:00Z");

    [Fact]
    public void Fresher_candidates_rank_higher_and_expired_ones_get_no_recency()
    {
        var fresh = CandidatePriority.Compute(Now, 0, false, Now, 12, Options);
        var day = CandidatePriority.Compute(Now.AddHours(-24), 0, false, Now, 12, Options);
        var expired = CandidatePriority.Compute(Now.AddHours(-72), 0, false, Now, 12, Options);

        Assert.True(fresh > day);
        Assert.True(day > expired);
        Assert.Equal(1.0, expired, 6);
        Assert.Equal(1.5, fresh, 6);
    }

    [Fact]
    public void Topic_media_and_peak_hour_boosts_add_up()
    {
        var plain = CandidatePriority.Compute(Now, 0, false, Now, 12, Options);
        var boosted = CandidatePriority.Compute(Now, 0.3, true, Now, 19, Options);

        Assert.Equal(0.3 + Options.MediaBoost + Options.PeakHourBoost, boosted - plain, 6);
    }

    [Theory]
    [InlineData(17, false)]
    [InlineData(18, true)]
    [InlineData(22, true)]
    [InlineData(23, false)]
    public void The_peak_boost_covers_18_to_22_hours(int hour, bool boosted)
    {
        var value = CandidatePriority.Compute(Now, 0, false, Now, hour, Options);

        Assert.Equal(boosted, value > 1.5 + 1e-9);
    }
}
