using System.Diagnostics;

namespace XBot.Worker.Benchmarks;

/// <summary>Throughput of an operation run by N concurrent loops for a fixed time, and latency percentiles.</summary>
public static class Meter
{
    /// <summary>
    /// Operations per second: <paramref name="concurrency"/> loops call <paramref name="operation"/> (worker index,
    /// call index) until <paramref name="duration"/> has passed. A short unmeasured warm-up comes first, so that
    /// connection pools, prepared statements and the JIT are ready.
    /// </summary>
    public static async Task<double> ThroughputAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation, CancellationToken cancellationToken)
    {
        var warmUp = TimeSpan.FromTicks(Math.Max(duration.Ticks / 5, TimeSpan.FromMilliseconds(100).Ticks));
        await RunAsync(concurrency, warmUp, operation, cancellationToken);
        return await RunAsync(concurrency, duration, operation, cancellationToken);
    }

    public static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[sorted.Length / 2 - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>The nearest-rank percentile <paramref name="p"/> (0-100) of <paramref name="values"/>.</summary>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        var sorted = values.Order().ToArray();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }

    private static async Task<double> RunAsync(int concurrency, TimeSpan duration, Func<int, long, Task> operation, CancellationToken cancellationToken)
    {
        long total = 0;
        var clock = Stopwatch.StartNew();
        var loops = Enumerable.Range(0, concurrency).Select(worker => Task.Run(async () =>
        {
            long i = 0;
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                await operation(worker, i++);
            }
            Interlocked.Add(ref total, i);
        }, cancellationToken));
        await Task.WhenAll(loops);
        cancellationToken.ThrowIfCancellationRequested();
        return total / clock.Elapsed.TotalSeconds;
    }
}
