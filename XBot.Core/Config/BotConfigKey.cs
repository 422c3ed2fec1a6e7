using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace XBot.Core.Config;

/// <summary>
/// One editable <c>bot_config</c> key (runbooks.md §2.2): its default, the allowed values in words (used
/// verbatim in errors), and a normaliser that returns the canonical value or throws naming key and range.
/// </summary>
public sealed class BotConfigKey(string name, string defaultJson, string allowed, Func<BotConfigKey, JsonNode, JsonNode> normalize)
{
    public string Name { get; } = name;

    /// <summary>The allowed values, as the error message states them.</summary>
    public string Allowed { get; } = allowed;

    public JsonNode Default => JsonNode.Parse(defaultJson)!;

    public JsonNode Normalize(JsonNode? value) =>
        value is null
            ? throw Invalid("null")
            : normalize(this, value);

    internal ConfigValidationException Invalid(string given, string? detail = null) =>
        new(Name, $"{Name} must be {Allowed}; got {Shorten(given)}{(detail is null ? "" : $" ({detail})")}. Nothing was changed.");

    internal ConfigValidationException Invalid(JsonNode given, string? detail = null) => Invalid(given.ToJsonString(), detail);

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    // Shared value readers, so each key states only its range.

    internal static bool IsBool(JsonNode node) => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False;

    internal static decimal? Number(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.Number
        && decimal.TryParse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    internal static long? Integer(JsonNode node) =>
        Number(node) is { } value && value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue
            ? (long)value
            : null;
}
