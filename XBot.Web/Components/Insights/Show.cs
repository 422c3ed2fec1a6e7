using System.Globalization;

namespace XBot.Web.Components.Insights;

/// <summary>How the insight pages print figures: one culture-independent format for each kind of value.</summary>
public static class Show
{
    public static string Rate(double? rate) => rate is { } r ? (r * 100).ToString("0.00", CultureInfo.InvariantCulture) + " %" : "–";

    public static string Number(double? value, string format = "0.###") => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    public static string Count(long? value) => value is { } v ? v.ToString("#,0", CultureInfo.InvariantCulture) : "–";

    public static string When(DateTimeOffset? at) => at is { } t ? t.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "–";

    public static string Bytes(long bytes) => bytes switch
    {
        >= 1L << 30 => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GB",
        >= 1L << 20 => (bytes / (double)(1L << 20)).ToString("0.0", CultureInfo.InvariantCulture) + " MB",
        >= 1L << 10 => (bytes / 1024.0).ToString("0", CultureInfo.InvariantCulture) + " kB",
        _ => bytes.ToString(CultureInfo.InvariantCulture) + " B",
    };

    public static string Excerpt(string text, int length = 90)
    {
        var flat = string.Join(' ', text.Split((char[])['\r', '\n', '\t'], StringSplitOptions.RemoveEmptyEntries));
        return flat.Length > length ? flat[..(length - 1)] + "…" : flat;
    }

    /// <summary>The badge class of a post status: published (ok), on its way (warn), or dead (bad).</summary>
    public static string StatusBadge(string status) => status switch
    {
        "posted" or "shadowed" => "badge ok",
        "refused" or "failed" or "expired" or "skipped" or "unknown" => "badge bad",
        _ => "badge warn",
    };

    public static string TierBadge(string? tier) => tier switch
    {
        "viral" or "high" => "badge ok",
        "medium" => "badge warn",
        "low" => "badge bad",
        _ => "badge",
    };
}
