namespace XBot.Worker.Services;

/// <summary>The process's managed heap as <see cref="MemoryReleaseService"/> sees it: its size, and a release.</summary>
public class ManagedHeap
{
    /// <summary>
    /// What the heap holds: its committed size as of the last collection, or what it has allocated by now if that is
    /// more. Between collections the first figure stands still while the youngest generation fills pages (a quiet
    /// worker can go ten minutes without a collection and grow by 10 MiB), so it alone would miss that growth.
    /// </summary>
    public virtual long HeldBytes => Math.Max(GC.GetGCMemoryInfo().TotalCommittedBytes, GC.GetTotalMemory(forceFullCollection: false));

    /// <summary>
    /// A full, blocking, compacting collection that decommits what it frees (the LOH included). It pauses the
    /// process for 25-70 ms on the worker's heap (docs/benchmarks.md, "Worker memory").
    /// </summary>
    public virtual void Release() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
