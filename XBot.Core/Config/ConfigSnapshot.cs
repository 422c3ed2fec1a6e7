using System.Globalization;
using System.Text.Json.Nodes;

namespace XBot.Core.Config;

/// <summary>
/// The <c>bot_config</c> rows of one environment as read together, with a version: the table's change
/// counter (<c>bot_config_version</c>, moved by a trigger on every write, plain SQL included). Versions
/// only grow, which lets a cache refuse to replace a newer snapshot with an older one.
/// </summary>
public sealed record ConfigSnapshot(long Version, IReadOnlyDictionary<string, (JsonNode Value, DateTimeOffset UpdatedAt)> Rows)
{
    public static readonly ConfigSnapshot Empty = new(0, new Dictionary<string, (JsonNode, DateTimeOffset)>());

    /// <summary>The Redis form: <c>{version}|{json}</c>, so a Lua script can compare versions without a JSON parser (Garnet has none).</summary>
    public string ToCacheText()
    {
        var rows = new JsonObject();
        foreach (var (key, (value, updatedAt)) in Rows)
        {
            rows[key] = new JsonObject { ["value"] = value.DeepClone(), ["updatedAt"] = ToMicros(updatedAt) };
        }
        return $"{Version.ToString(CultureInfo.InvariantCulture)}|{rows.ToJsonString()}";
    }

    public static ConfigSnapshot? FromCacheText(string? text)
    {
        var bar = text?.IndexOf('|') ?? -1;
        if (text is null || bar < 1 || !long.TryParse(text.AsSpan(0, bar), NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            return null;
        }
        try
        {
            if (JsonNode.Parse(text[(bar + 1)..]) is not JsonObject rows)
            {
                return null;
            }
            var result = new Dictionary<string, (JsonNode, DateTimeOffset)>(StringComparer.Ordinal);
            foreach (var (key, row) in rows)
            {
                if (row?["value"] is not { } value || row["updatedAt"]?.GetValue<long>() is not { } micros)
                {
                    return null;
                }
                result[key] = (value.DeepClone(), FromMicros(micros));
            }
            return new ConfigSnapshot(version, result);
        }
        catch (Exception ex) when (ex is System.Text.Json.JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    public static DateTimeOffset FromMicros(long micros) => DateTimeOffset.UnixEpoch.AddTicks(micros * 10);

    public static long ToMicros(DateTimeOffset at) => (at - DateTimeOffset.UnixEpoch).Ticks / 10;
}
