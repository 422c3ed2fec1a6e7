using System.ComponentModel.DataAnnotations;

namespace XBot.Worker.Services;

/// <summary>
/// When the worker gives memory back to the system (section <c>Worker:Memory</c>): every
/// <see cref="CheckInterval"/> it looks at what the managed heap holds, and when that grew by more than
/// <see cref="GrowthMiB"/> since the last release it runs one compacting collection that decommits
/// (a pause of 30-70 ms on the worker's heap).
/// </summary>
public sealed class MemoryReleaseOptions
{
    public const string Section = "Worker:Memory";

    /// <summary>False leaves the memory to the collector's own policy.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the heap's size is looked at (a cheap read; nothing runs unless it grew).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00", ErrorMessage = "Worker:Memory:CheckInterval must be between 00:00:05 and 01:00:00, for example 00:00:30.")]
    public TimeSpan CheckInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Growth of the heap, in MiB since the last release, that is given back: lower keeps the resident set lower, with more pauses.</summary>
    [Range(1, 4096, ErrorMessage = "Worker:Memory:GrowthMiB must be a whole number from 1 to 4096, for example 4.")]
    public int GrowthMiB { get; set; } = 4;
}
