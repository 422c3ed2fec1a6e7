using System.ComponentModel.DataAnnotations;

namespace XBot.Core.Storage.Dedup;

/// <summary>
/// The near-duplicate check (section <c>Dedup</c>): a text whose word shingles overlap a live post of the
/// last 7 days by at least <see cref="NearDuplicateThreshold"/> (Jaccard) is refused as a near-duplicate
/// of that post. Measured in docs/safety.md.
/// </summary>
public sealed class DedupOptions
{
    public const string Section = "Dedup";

    /// <summary>Jaccard similarity of word shingles at or above which two texts are the same post. 0.5-1.0; 1.0 only catches reordered or re-punctuated copies.</summary>
    [Range(0.5, 1.0, ErrorMessage = "Dedup:NearDuplicateThreshold must be between 0.5 and 1.0 (the Jaccard similarity of word shingles), for example 0.8.")]
    public double NearDuplicateThreshold { get; set; } = 0.6;

    /// <summary>Words per shingle. 1-4.</summary>
    [Range(1, 4, ErrorMessage = "Dedup:ShingleSize must be a whole number from 1 to 4, for example 1.")]
    public int ShingleSize { get; set; } = 1;

    /// <summary>Switches the near-duplicate check off (exact duplicates are still refused).</summary>
    public bool NearDuplicates { get; set; } = true;
}
