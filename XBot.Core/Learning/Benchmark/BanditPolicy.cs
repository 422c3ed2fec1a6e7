namespace XBot.Core.Learning.Benchmark;

/// <summary>A policy in the regret benchmark: picks one of the offered arms, later hears its reward.</summary>
public interface IBanditPolicy
{
    string Name { get; }

    int Choose(int context, long step);

    void Learn(int context, int arm, double reward, long step);
}

/// <summary>
/// Our sampler, as the product runs it: per (context, arm) a Beta posterior, fractional update, optional
/// decay by half-life in decisions (the product decays by time; a decision is the benchmark's clock tick).
/// </summary>
public sealed class ThompsonPolicy(int contexts, int arms, Random random, double? halfLifeSteps, string name, double weightCap = 1) : IBanditPolicy
{
    private readonly ArmState[,] _state = Init(contexts, arms);
    private readonly BetaSampler _sampler = new(random);

    public string Name => name;

    public int Choose(int context, long step)
    {
        var best = 0;
        var bestSample = double.MinValue;
        var arms = new ArmState[_state.GetLength(1)];
        for (var a = 0; a < arms.Length; a++)
        {
            arms[a] = _state[context, a].DecayedTo(At(step), HalfLife);
        }
        var weight = EvidenceWeight.Pooled(arms, weightCap);
        for (var a = 0; a < arms.Length; a++)
        {
            var (alpha, beta) = arms[a].Weighted(weight);
            var sample = _sampler.Sample(alpha, beta);
            if (sample > bestSample)
            {
                (best, bestSample) = (a, sample);
            }
        }
        return best;
    }

    public void Learn(int context, int arm, double reward, long step) =>
        _state[context, arm] = _state[context, arm].Update(reward, At(step), HalfLife);

    private TimeSpan? HalfLife => halfLifeSteps is { } h ? TimeSpan.FromSeconds(h) : null;

    // One decision is one second of the arm state's clock.
    private static DateTimeOffset At(long step) => DateTimeOffset.UnixEpoch.AddSeconds(step);

    private static ArmState[,] Init(int contexts, int arms)
    {
        var state = new ArmState[contexts, arms];
        for (var c = 0; c < contexts; c++)
        {
            for (var a = 0; a < arms; a++)
            {
                state[c, a] = ArmState.Prior(new ArmKey("arm", $"{c}:{a}"), DateTimeOffset.UnixEpoch);
            }
        }
        return state;
    }
}

/// <summary>The old bot's policy: with probability ε a uniform arm, otherwise the best empirical mean (untried arms first).</summary>
public sealed class EpsilonGreedyPolicy(int contexts, int arms, double epsilon, Random random) : IBanditPolicy
{
    private readonly double[,] _sum = new double[contexts, arms];
    private readonly long[,] _count = new long[contexts, arms];

    public string Name => $"epsilon-greedy {epsilon:0.##}";

    public int Choose(int context, long step)
    {
        var k = _count.GetLength(1);
        if (random.NextDouble() < epsilon)
        {
            return random.Next(k);
        }
        var best = 0;
        var bestMean = double.MinValue;
        for (var a = 0; a < k; a++)
        {
            var mean = _count[context, a] == 0 ? double.MaxValue : _sum[context, a] / _count[context, a];
            if (mean > bestMean || (mean == bestMean && random.Next(2) == 0))
            {
                (best, bestMean) = (a, mean);
            }
        }
        return best;
    }

    public void Learn(int context, int arm, double reward, long step)
    {
        _sum[context, arm] += reward;
        _count[context, arm]++;
    }
}

public sealed class UniformPolicy(int arms, Random random) : IBanditPolicy
{
    public string Name => "uniform random";

    public int Choose(int context, long step) => random.Next(arms);

    public void Learn(int context, int arm, double reward, long step)
    {
    }
}
