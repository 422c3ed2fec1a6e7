using XBot.Core.Learning;

namespace XBot.Tests.Learning;

public sealed class EvidenceWeightTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static ArmState Arm(string value, params double[] rewards) =>
        rewards.Aggregate(ArmState.Prior(new ArmKey(ArmKey.Topic, value), T0), (arm, r) => arm.Update(r, T0, null));

    [Fact]
    public void Coin_flip_rewards_weigh_one_observation_each()
    {
        // Within each arm the rewards' variance is exactly μ(1 − μ) of a Bernoulli arm with the pooled mean.
        var weight = EvidenceWeight.Pooled([Arm("a", 1, 0, 1, 0, 1, 0), Arm("b", 0, 1, 0, 1, 1, 0)], cap: 100);

        Assert.Equal(1, weight, 9);
    }

    [Fact]
    public void Narrow_band_rewards_weigh_as_much_as_their_variance_says()
    {
        // Arm a: 0.4, 0.6 (Σ(r − r̄)² = 0.02); arm b: 0.5, 0.7, 0.6 (0.02); arm c: 0.4, 0.6 three times (0.06).
        // Pooled variance 0.10 / (11 rewards − 3 arms) = 0.0125; pooled mean 5.8 / 11; w = μ(1 − μ) / 0.0125 ≈ 19.9.
        ArmState[] arms = [Arm("a", 0.4, 0.6), Arm("b", 0.5, 0.7, 0.6), Arm("c", 0.4, 0.6, 0.4, 0.6, 0.4, 0.6)];
        var mean = 5.8 / 11;

        Assert.Equal(mean * (1 - mean) / 0.0125, EvidenceWeight.Pooled(arms, cap: 100), 6);
        // Five rewards are too few to judge the noise: the plain §9 posterior.
        Assert.Equal(1, EvidenceWeight.Pooled(arms.Take(2), cap: 100));
    }

    [Fact]
    public void The_weight_stays_within_one_and_the_cap()
    {
        var identical = new[] { Arm("a", Enumerable.Repeat(0.5, 20).ToArray()), Arm("b", Enumerable.Repeat(0.55, 20).ToArray()) };

        Assert.Equal(100, EvidenceWeight.Pooled(identical, cap: 100));
        Assert.Equal(1, EvidenceWeight.Pooled(identical, cap: 1));
        Assert.Equal(1, EvidenceWeight.Pooled([Arm("a", Enumerable.Repeat(new[] { 0.0, 1.0 }, 10).SelectMany(x => x).ToArray())], cap: 100), 9);
    }

    [Fact]
    public void An_arm_of_unknown_noise_is_left_out_of_the_estimate()
    {
        var legacy = new ArmState(new ArmKey(ArmKey.Topic, "old"), 500, 500, T0);
        var known = Arm("new", Enumerable.Repeat(new[] { 0.45, 0.55 }, 10).SelectMany(x => x).ToArray());

        Assert.Null(legacy.RewardSquares);
        Assert.Equal(EvidenceWeight.Pooled([known], 100), EvidenceWeight.Pooled([legacy, known], 100), 9);
        Assert.Equal(1, EvidenceWeight.Pooled([legacy], 100));
    }

    [Fact]
    public void Squares_decay_with_the_evidence_and_the_weighted_posterior_keeps_the_prior()
    {
        var arm = Arm("a", 0.5, 0.5, 0.5, 0.5); // α = 3, β = 3, Σ r² = 1
        var decayed = arm.DecayedTo(T0.AddDays(7), TimeSpan.FromDays(7));

        Assert.Equal(1.0, arm.RewardSquares!.Value, 9);
        Assert.Equal(0.5, decayed.RewardSquares!.Value, 9);
        Assert.Equal((21.0, 21.0), arm.Weighted(10));
        Assert.Equal((arm.Alpha, arm.Beta), arm.Weighted(1));
    }
}
