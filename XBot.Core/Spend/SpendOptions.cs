using System.ComponentModel.DataAnnotations;

namespace XBot.Core.Spend;

/// <summary>
/// X's pay-per-use prices (<c>Spend</c> section), in US dollars: what the ledger charges each call. The
/// defaults are X's 2026 prices; change them here when X does.
/// </summary>
public sealed class SpendOptions
{
    public const string Section = "Spend";

    [Range(0, 100)]
    public decimal PostUsd { get; set; } = 0.015m;

    [Range(0, 100)]
    public decimal PostWithUrlUsd { get; set; } = 0.20m;

    /// <summary>Per post read (a lookup or a timeline page costs this times the posts it returns).</summary>
    [Range(0, 100)]
    public decimal ReadUsd { get; set; } = 0.005m;
}
