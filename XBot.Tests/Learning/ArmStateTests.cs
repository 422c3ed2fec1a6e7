using XBot.Core.Learning;

namespace XBot.Tests.Learning;

public sealed class ArmStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ArmKey Key = new(ArmKey.Topic, "ai");

    [Fact]
    public void A_fractional_reward_adds_r_to_alpha_and_one_minus_r_to_beta()
    {
        var arm = ArmState.Prior(Key, T0).Update(0.75, T0, null).Update(0.25, T0, null);

        Assert.Equal((2.0, 2.0, 2.0), (arm.Alpha, arm.Beta, arm.Pulls));
    }

    [Fact]
    public void Evidence_above_the_prior_halves_every_half_life()
    {
        var arm = new ArmState(Key, 9, 5, T0);

        var decayed = arm.DecayedTo(T0.AddDays(7), TimeSpan.FromDays(7));
        var twice = arm.DecayedTo(T0.AddDays(14), TimeSpan.FromDays(7));

        Assert.Equal((5.0, 3.0), (decayed.Alpha, decayed.Beta));
        Assert.Equal((3.0, 2.0), (twice.Alpha, twice.Beta));
        Assert.Equal(arm.Mean > 0.5, decayed.Mean > 0.5);
        Assert.Equal((9.0, 5.0), (arm.DecayedTo(T0.AddDays(7), null).Alpha, arm.DecayedTo(T0.AddDays(7), null).Beta));
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.1)]
    [InlineData(double.NaN)]
    public void A_reward_outside_zero_to_one_is_refused(double reward) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => ArmState.Prior(Key, T0).Update(reward, T0, null));

    [Fact]
    public void The_reward_is_one_half_at_the_baseline_and_grows_with_the_rate()
    {
        Assert.Equal(0.5, EngagementReward.Reward(0.03, 0.03), 10);
        Assert.Equal(0.0, EngagementReward.Reward(0, 0.03));
        Assert.True(EngagementReward.Reward(0.06, 0.03) > EngagementReward.Reward(0.04, 0.03));
        // (3 + 1 + 1 + 0 + 1) / 200
        Assert.Equal(0.03, EngagementReward.Rate(3, 1, 1, 0, 1, 200));
        Assert.Null(EngagementReward.Rate(1, 0, 0, 0, 0, 0));
    }

    [Fact]
    public void A_post_pulls_its_topic_hour_and_format_arms()
    {
        var arms = PostArms.For("AI", "Short take on #dotnet https://example.com/x", new DateTimeOffset(2026, 1, 1, 18, 30, 0, TimeSpan.Zero), TimeZoneInfo.Utc);

        Assert.Equal(["topic:ai", "hour:18", "format:tags-link-short"], arms.Select(a => a.ToString()));
    }
}
