using MathNet.Numerics.Distributions;
using XBot.Core.Learning;

namespace XBot.Tests.Learning;

/// <summary>The bandit's Beta draws against the exact distribution, with fixed seeds: mean, variance and a Kolmogorov–Smirnov test.</summary>
public sealed class BetaSamplerTests
{
    private const int N = 20_000;

    // The KS critical value at the 0.1% level: 1.95 / √n.
    private static readonly double KsCritical = 1.95 / Math.Sqrt(N);

    [Theory]
    [InlineData(1.0, 1.0)]
    [InlineData(0.5, 0.5)]
    [InlineData(2.5, 7.25)]
    [InlineData(30.4, 12.6)]
    [InlineData(1.2, 180.0)]
    public void Samples_match_the_exact_Beta_distribution(double alpha, double beta)
    {
        var sampler = new BetaSampler(new Random(42));
        var samples = Enumerable.Range(0, N).Select(_ => sampler.Sample(alpha, beta)).ToArray();

        var mean = alpha / (alpha + beta);
        var variance = alpha * beta / ((alpha + beta) * (alpha + beta) * (alpha + beta + 1));
        var sampleMean = samples.Average();
        var sampleVariance = samples.Sum(x => (x - sampleMean) * (x - sampleMean)) / (N - 1);

        // Four standard errors: the mean's is √(var/n); the variance's about var·√(2/n) (generous for skewed shapes).
        Assert.InRange(sampleMean, mean - 4 * Math.Sqrt(variance / N), mean + 4 * Math.Sqrt(variance / N));
        Assert.InRange(sampleVariance, variance * (1 - 8 * Math.Sqrt(2.0 / N)), variance * (1 + 8 * Math.Sqrt(2.0 / N)));
        Assert.True(KsStatistic(samples, x => Beta.CDF(alpha, beta, x)) < KsCritical, $"KS statistic above {KsCritical:0.0000}");
    }

    [Fact]
    public void The_KS_test_rejects_the_old_bots_mean_plus_noise_draw()
    {
        // The old bot's "sampler": the mean plus uniform noise scaled by the count. Not a Beta sample.
        const double alpha = 6, beta = 14;
        var random = new Random(42);
        var samples = Enumerable.Range(0, N).Select(_ => Math.Clamp(alpha / (alpha + beta) + (random.NextDouble() - 0.5) / Math.Sqrt(alpha + beta), 0, 1)).ToArray();

        Assert.True(KsStatistic(samples, x => Beta.CDF(alpha, beta, x)) > KsCritical);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, -2)]
    public void Rejects_non_positive_parameters(double alpha, double beta) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BetaSampler(new Random(1)).Sample(alpha, beta));

    private static double KsStatistic(double[] samples, Func<double, double> cdf)
    {
        var sorted = samples.Order().ToArray();
        var d = 0.0;
        for (var i = 0; i < sorted.Length; i++)
        {
            var f = cdf(sorted[i]);
            d = Math.Max(d, Math.Max((i + 1.0) / sorted.Length - f, f - (double)i / sorted.Length));
        }
        return d;
    }
}
