namespace XBot.Core.Learning;

/// <summary>
/// How many Bernoulli observations one fractional reward is worth. §9's update (α += r, β += 1 − r) makes a
/// Beta posterior as wide as if every reward were a coin flip, with variance μ(1 − μ) per reward. XBot's rewards,
/// r = rate / (rate + baseline), sit in a narrow band around 0.5, so that posterior over-explores for hundreds of
/// posts (the realistic regret benchmark in docs/benchmarks.md). Matching the posterior's spread to the rewards'
/// observed spread gives each reward the weight w = μ(1 − μ) / σ², with σ² the rewards' within-arm variance pooled
/// over a dimension's arms: a Bernoulli reward gets w = 1 (plain Thompson sampling, unchanged), a reward with a
/// tenth of that variance gets w = 10. Until a dimension has <see cref="MinimumPulls"/> rewards of known noise, w = 1: the plain §9
/// posterior. An arm written before Σ r² was kept is left out of the estimate.
/// </summary>
public static class EvidenceWeight
{
    public const double MinimumPulls = 10;

    /// <param name="arms">The arms of one dimension (decayed to the same instant).</param>
    /// <param name="cap">The largest weight allowed; 1 turns weighting off.</param>
    public static double Pooled(IEnumerable<ArmState> arms, double cap)
    {
        if (cap <= 1)
        {
            return 1;
        }
        double pulls = 0, sum = 0, within = 0;
        var used = 0;
        foreach (var arm in arms)
        {
            if (arm.Pulls <= 0)
            {
                continue;
            }
            if (arm.RewardSquares is not { } squares)
            {
                continue;
            }
            pulls += arm.Pulls;
            sum += arm.RewardSum;
            // Σ (r − r̄)² = Σ r² − (Σ r)² / n, per arm: the spread around the arm's own mean, not between arms.
            within += Math.Max(0, squares - arm.RewardSum * arm.RewardSum / arm.Pulls);
            used++;
        }
        if (pulls < MinimumPulls)
        {
            return 1;
        }
        var mean = sum / pulls;
        var bernoulli = mean * (1 - mean);
        var variance = within / Math.Max(1, pulls - used);
        if (bernoulli <= 0)
        {
            return 1;
        }
        return variance <= bernoulli / cap ? cap : Math.Clamp(bernoulli / variance, 1, cap);
    }
}
