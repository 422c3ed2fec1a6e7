namespace XBot.Core.Learning.Benchmark;

/// <summary>One policy's cumulative (pseudo-)regret, averaged over runs, at each checkpoint.</summary>
public sealed record RegretRow(string Policy, IReadOnlyList<double> Regret);

/// <param name="Ours">The row the ratio columns are about: the product's sampler as configured by default for the setting.</param>
public sealed record RegretTable(string Setting, IReadOnlyList<long> Checkpoints, IReadOnlyList<RegretRow> Rows, IReadOnlyList<double?> Bound, string Ours);

/// <summary>
/// The regret benchmark of issue 12 (not a test): cumulative pseudo-regret Σ (μ* − μ_chosen) for our sampler
/// with and without decay, ε-greedy 0.2 and uniform random, against the Lai–Robbins lower bound.
/// </summary>
public static class RegretBenchmark
{
    /// <summary>Thompson sampling from §9's posterior as stored: every fractional reward counts as one coin flip.</summary>
    public const string PlainName = "§9 posterior";

    /// <summary>The product's sampler: the same posterior with each reward weighed by the observed noise (EvidenceWeight).</summary>
    public const string OursName = "ours (weighted)";

    /// <summary>Bernoulli KL divergence KL(p ‖ q).</summary>
    public static double KlBernoulli(double p, double q) =>
        (p <= 0 ? 0 : p * Math.Log(p / q)) + (p >= 1 ? 0 : (1 - p) * Math.Log((1 - p) / (1 - q)));

    /// <summary>Lai–Robbins coefficient Σ_{i ≠ *} Δᵢ / KL(μᵢ ‖ μ*): the bound is this times ln T.</summary>
    public static double LaiRobbinsCoefficient(IReadOnlyList<double> means)
    {
        var best = means.Max();
        return means.Where(m => m < best).Sum(m => (best - m) / KlBernoulli(m, best));
    }

    /// <summary>Chapelle &amp; Li (2011): K = 10 Bernoulli arms, the best 0.5, the others 0.4.</summary>
    public static RegretTable Bernoulli(long horizon, int runs, int seed, double decayHalfLife, double weightCap)
    {
        double[] means = [0.5, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4, 0.4];
        var checkpoints = Checkpoints(horizon);
        var policies = new Func<Random, IBanditPolicy>[]
        {
            r => new ThompsonPolicy(1, means.Length, r, null, PlainName),
            r => new ThompsonPolicy(1, means.Length, r, decayHalfLife, $"{PlainName}, decay half-life {decayHalfLife:0} decisions"),
            r => new ThompsonPolicy(1, means.Length, r, null, OursName, weightCap),
            r => new ThompsonPolicy(1, means.Length, r, decayHalfLife, $"{OursName}, decay half-life {decayHalfLife:0} decisions", weightCap),
            r => new EpsilonGreedyPolicy(1, means.Length, 0.2, r),
            r => new UniformPolicy(means.Length, r),
        };
        var rows = new List<RegretRow>();
        foreach (var make in policies)
        {
            var total = new double[checkpoints.Count];
            string name = "";
            for (var run = 0; run < runs; run++)
            {
                var random = new Random(Seed(seed, run, 0));
                var policy = make(random);
                name = policy.Name;
                var world = new Random(Seed(seed, run, 1));
                double regret = 0;
                var next = 0;
                for (long t = 1; t <= horizon; t++)
                {
                    var arm = policy.Choose(0, t);
                    regret += means[0] - means[arm];
                    policy.Learn(0, arm, world.NextDouble() < means[arm] ? 1 : 0, t);
                    if (t == checkpoints[next])
                    {
                        total[next++] += regret;
                    }
                }
            }
            rows.Add(new RegretRow(name, [.. total.Select(r => r / runs)]));
        }
        var coefficient = LaiRobbinsCoefficient(means);
        return new RegretTable("Bernoulli K=10, best 0.5, others 0.4", checkpoints, rows, [.. checkpoints.Select(t => (double?)(coefficient * Math.Log(t)))], OursName);
    }

    /// <summary>
    /// A realistic setting: 17 posts a day at fixed slots; each decision picks one of six topics; a post's
    /// engagement rate is topic rate × hour multiplier × log-normal noise, its reward r = rate / (rate + 0.03)
    /// (the product's reward against the default baseline), and it arrives two hours later (the reward age),
    /// after the next decision. At the drift the best topic and the worst swap. As in the product, the topic arms are
    /// shared by all hours; regret is measured against the best topic of each slot.
    /// </summary>
    public static RegretTable TopicHour(int days, int runs, int seed, double decayHalfLife, double weightCap)
    {
        double[] topicRates = [0.05, 0.04, 0.035, 0.03, 0.025, 0.02];
        int[] slots = [7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23];
        double HourMultiplier(int hour) => hour is >= 18 and <= 22 ? 1.4 : hour < 9 ? 0.7 : 1.0;
        var horizon = (long)days * slots.Length;
        var driftAt = horizon / 2;
        const double noise = 0.25;
        const double baseline = EngagementReward.DefaultBaseline;

        // Expected reward E[rate/(rate+b)] per (topic, slot, phase), by fixed-seed Monte Carlo (the same for every policy).
        var expected = new double[2, slots.Length, topicRates.Length];
        var mc = new Random(seed);
        for (var phase = 0; phase < 2; phase++)
        {
            for (var s = 0; s < slots.Length; s++)
            {
                for (var k = 0; k < topicRates.Length; k++)
                {
                    double sum = 0;
                    for (var i = 0; i < 20_000; i++)
                    {
                        var rate = Rate(topicRates, phase, k) * HourMultiplier(slots[s]) * LogNormal(mc, noise);
                        sum += rate / (rate + baseline);
                    }
                    expected[phase, s, k] = sum / 20_000;
                }
            }
        }

        // Also just before the drift and 30 days after it, to show how fast each policy follows.
        var checkpoints = Checkpoints(horizon).Append(driftAt).Append(Math.Min(horizon, driftAt + 30 * slots.Length)).Distinct().Order().ToList();
        var policies = new Func<Random, IBanditPolicy>[]
        {
            r => new ThompsonPolicy(1, topicRates.Length, r, null, PlainName),
            r => new ThompsonPolicy(1, topicRates.Length, r, decayHalfLife, $"{PlainName}, decay half-life {decayHalfLife:0} decisions"),
            r => new ThompsonPolicy(1, topicRates.Length, r, null, OursName, weightCap),
            r => new ThompsonPolicy(1, topicRates.Length, r, decayHalfLife, $"{OursName}, decay half-life {decayHalfLife:0} decisions", weightCap),
            r => new EpsilonGreedyPolicy(1, topicRates.Length, 0.2, r),
            r => new UniformPolicy(topicRates.Length, r),
        };
        var rows = new List<RegretRow>();
        foreach (var make in policies)
        {
            var total = new double[checkpoints.Count];
            string name = "";
            for (var run = 0; run < runs; run++)
            {
                var policy = make(new Random(Seed(seed, run, 0)));
                name = policy.Name;
                var world = new Random(Seed(seed, run, 1));
                var pending = new Queue<(long Due, int Context, int Arm, double Reward)>();
                double regret = 0;
                var next = 0;
                for (long t = 1; t <= horizon; t++)
                {
                    // Rewards whose two hours have passed: a post an hour apart is answered after the next decision.
                    while (pending.Count > 0 && pending.Peek().Due <= t)
                    {
                        var (_, _, a, r) = pending.Dequeue();
                        policy.Learn(0, a, r, t);
                    }
                    var phase = t > driftAt ? 1 : 0;
                    var slot = (int)((t - 1) % slots.Length);
                    // The product's topic arm is shared by every hour (the hour arm is the same for every candidate of a decision).
                    var arm = policy.Choose(0, t);
                    regret += Max(expected, phase, slot) - expected[phase, slot, arm];
                    var rate = Rate(topicRates, phase, arm) * HourMultiplier(slots[slot]) * LogNormal(world, noise);
                    pending.Enqueue((t + 2, slot, arm, rate / (rate + baseline)));
                    if (t == checkpoints[next])
                    {
                        total[next++] += regret;
                    }
                }
            }
            rows.Add(new RegretRow(name, [.. total.Select(r => r / runs)]));
        }
        return new RegretTable($"topic × hour, {days} days at 17 posts/day, 2 h reward delay, best/worst topic swap at day {days / 2}", checkpoints, rows, [.. checkpoints.Select(_ => (double?)null)], $"{OursName}, decay half-life {decayHalfLife:0} decisions");
    }

    private static double Rate(double[] rates, int phase, int k) =>
        phase == 0 ? rates[k] : rates[k == 0 ? rates.Length - 1 : k == rates.Length - 1 ? 0 : k];

    private static double Max(double[,,] expected, int phase, int slot)
    {
        var best = double.MinValue;
        for (var k = 0; k < expected.GetLength(2); k++)
        {
            best = Math.Max(best, expected[phase, slot, k]);
        }
        return best;
    }

    private static double LogNormal(Random random, double sigma)
    {
        // Box–Muller; mean-one log-normal factor.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        var z = Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        return Math.Exp(sigma * z - sigma * sigma / 2);
    }

    // HashCode.Combine is randomised per process; the benchmark must repeat for a seed.
    private static int Seed(int seed, int run, int stream) => unchecked((seed * 31 + run) * 31 + stream);

    private static List<long> Checkpoints(long horizon)
    {
        var points = new List<long>();
        for (long p = 1000; p < horizon; p *= 10)
        {
            points.Add(p);
        }
        points.Add(horizon);
        return points;
    }
}
