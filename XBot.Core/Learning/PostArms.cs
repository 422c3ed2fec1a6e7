using XBot.Core.Text;

namespace XBot.Core.Learning;

/// <summary>
/// The arms a post pulls: its topic, the local hour it goes out, and its format (hashtags or not, a link
/// or not, and a length band). Computed from the post itself, so the arm state can be rebuilt from posts.
/// </summary>
public static class PostArms
{
    public static IReadOnlyList<ArmKey> For(string? topic, string content, DateTimeOffset at, TimeZoneInfo timeZone) =>
    [
        new(ArmKey.Topic, string.IsNullOrWhiteSpace(topic) ? "none" : topic.Trim().ToLowerInvariant()),
        new(ArmKey.Hour, TimeZoneInfo.ConvertTime(at, timeZone).Hour.ToString("00", System.Globalization.CultureInfo.InvariantCulture)),
        new(ArmKey.Format, Format(content)),
    ];

    /// <summary>For example <c>tags-nolink-medium</c>: hashtags or not, a link or not, then the length band (under 100, under 200, longer).</summary>
    public static string Format(string content)
    {
        var hashtags = HashtagExtractor.Extract(content).Count > 0 ? "tags" : "notags";
        var link = UrlExtractor.Extract(content).Count > 0 ? "link" : "nolink";
        var length = content.Length switch
        {
            < 100 => "short",
            < 200 => "medium",
            _ => "long",
        };
        return $"{hashtags}-{link}-{length}";
    }
}
