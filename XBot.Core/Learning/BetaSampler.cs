using MathNet.Numerics.Distributions;

namespace XBot.Core.Learning;

/// <summary>
/// Draws from Beta(α, β) as X/(X+Y) with X ~ Gamma(α), Y ~ Gamma(β) (MathNet's Marsaglia–Tsang gamma),
/// which is an exact Beta sample for any α, β &gt; 0. The old bot's "sampler" was a mean plus noise.
/// Not thread-safe: one sampler per thread (the scheduler runs one cycle at a time).
/// </summary>
public sealed class BetaSampler(Random random)
{
    public double Sample(double alpha, double beta)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(alpha);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(beta);
        return Beta.Sample(random, alpha, beta);
    }

    public double NextUniform() => random.NextDouble();
}
