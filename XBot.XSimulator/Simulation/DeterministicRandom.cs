namespace XBot.XSimulator.Simulation;

/// <summary>
/// SplitMix64: a tiny generator whose sequence depends only on its seed, on every platform and .NET
/// version (System.Random with a seed makes no such promise across versions), so that a seed reproduces
/// the same metrics everywhere.
/// </summary>
public sealed class DeterministicRandom(ulong seed)
{
    private ulong _state = seed;

    public static DeterministicRandom For(int seed, long stream) =>
        new(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)stream * 0xBF58476D1CE4E5B9UL));

    public ulong NextUInt64()
    {
        unchecked
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return z ^ (z >> 31);
        }
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Standard normal, by Box-Muller.</summary>
    public double NextGaussian()
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal factor with median 1: exp(sigma * N(0, 1)).</summary>
    public double NextLogNormalFactor(double sigma) => sigma <= 0 ? 1.0 : Math.Exp(sigma * NextGaussian());
}
