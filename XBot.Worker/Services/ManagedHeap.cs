namespace XBot.Worker.Services;

/// <summary>The process's managed heap as <see cref="MemoryReleaseService"/> sees it: its committed size, and a release.</summary>
public class ManagedHeap
{
    /// <summary>What the heap has committed, as of the last collection.</summary>
    public virtual long CommittedBytes => GC.GetGCMemoryInfo().TotalCommittedBytes;

    /// <summary>
    /// A full, blocking, compacting collection that decommits what it frees (the LOH included). It pauses the
    /// process for a few milliseconds on the worker's heap of about 20 MiB.
    /// </summary>
    public virtual void Release() => GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
}
