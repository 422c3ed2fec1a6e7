using Microsoft.Extensions.Options;

namespace XBot.Worker.Services;

/// <summary>
/// Gives back the memory that the worker's heap holds beyond what it uses. The worker does a cycle a minute, which
/// allocates little, and a few jobs that allocate tens of MiB at once: the Redis rebuild and the consistency
/// audit at start, candidate refreshes, the word-index back-fill. What survives a burst long enough is promoted
/// and stays committed until a full collection, which the workstation collector rarely needs to run; and between
/// collections a quiet worker's youngest generation slowly fills fresh pages. The resident set stayed 35-90 MiB
/// above what a release brings it to (docs/benchmarks.md, "Worker memory"). The runtime has no setting for
/// "decommit after a burst" (GCConserveMemory only weighs compaction), so this asks for one collection when the
/// heap grew by <see cref="MemoryReleaseOptions.GrowthMiB"/> since the last release: at most one per that much
/// growth, so a steady worker is rarely collected by it.
/// </summary>
public sealed partial class MemoryReleaseService(
    ManagedHeap heap,
    IOptions<MemoryReleaseOptions> options,
    TimeProvider time,
    ILogger<MemoryReleaseService> logger) : BackgroundService
{
    private const double Mebibyte = 1024 * 1024;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (!settings.Enabled)
        {
            return;
        }
        var growth = settings.GrowthMiB * (long)Mebibyte;
        long afterLastRelease = 0;
        using var timer = new PeriodicTimer(settings.CheckInterval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try
            {
                var held = heap.HeldBytes;
                LogChecked(logger, held / Mebibyte, afterLastRelease / Mebibyte);
                if (held - afterLastRelease <= growth)
                {
                    continue;
                }
                var started = time.GetTimestamp();
                heap.Release();
                afterLastRelease = heap.HeldBytes;
                LogReleased(logger, held / Mebibyte, afterLastRelease / Mebibyte, time.GetElapsedTime(started).TotalMilliseconds);
            }
            catch (Exception ex)
            {
                LogFailed(logger, ex);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Memory checked: the managed heap holds {Held:F1} MiB, {AfterLastRelease:F1} MiB after the last release")]
    private static partial void LogChecked(ILogger logger, double held, double afterLastRelease);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Memory released: the managed heap held {Before:F1} MiB, now {After:F1} MiB ({Milliseconds:F1} ms)")]
    private static partial void LogReleased(ILogger logger, double before, double after, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Memory release failed; trying again at the next check")]
    private static partial void LogFailed(ILogger logger, Exception ex);
}
