using System.Text.Json.Nodes;

namespace XBot.Core.Config;

/// <summary>The daily and hourly post caps of <c>rate_limits</c>.</summary>
public sealed record RateLimitSettings(int Daily, int Hourly);

/// <summary>A feature flag: on or off, or on for a share of decisions (<see cref="RolloutPercent"/>).</summary>
public sealed record FeatureFlagSetting(bool Enabled, int RolloutPercent)
{
    public static FeatureFlagSetting From(JsonNode node) =>
        node.GetValueKind() == System.Text.Json.JsonValueKind.Number
            ? new FeatureFlagSetting(node.GetValue<int>() > 0, node.GetValue<int>())
            : node.GetValue<bool>() ? new FeatureFlagSetting(true, 100) : new FeatureFlagSetting(false, 0);
}

/// <summary>
/// Every editable key of runbooks.md §2.2 as typed values, read together. Built from entries that
/// <see cref="BotConfigKeys"/> has already normalised, so the conversions here can't fail.
/// </summary>
public sealed record BotConfig(
    bool LearningEngineV2,
    double PostFraction,
    double Epsilon,
    int PostIntervalMin,
    int MaxHashtags,
    IReadOnlyList<int> QuietHours,
    RateLimitSettings RateLimits,
    IReadOnlyDictionary<string, FeatureFlagSetting> FeatureFlags)
{
    public static BotConfig From(IReadOnlyDictionary<string, ConfigEntry> entries)
    {
        // Re-read from JSON text: one representation whatever built the node (parsed, or created from a long or a decimal).
        JsonNode V(string key) => JsonNode.Parse(entries[key].Value.ToJsonString())!;
        var limits = V(BotConfigKeys.RateLimits).AsObject();
        return new BotConfig(
            V(BotConfigKeys.LearningEngineV2).GetValue<bool>(),
            (double)V(BotConfigKeys.PostFraction).GetValue<decimal>(),
            (double)V(BotConfigKeys.Epsilon).GetValue<decimal>(),
            V(BotConfigKeys.PostIntervalMin).GetValue<int>(),
            V(BotConfigKeys.MaxHashtags).GetValue<int>(),
            [.. V(BotConfigKeys.QuietHours).AsArray().Select(h => h!.GetValue<int>())],
            new RateLimitSettings(limits["daily"]!.GetValue<int>(), limits["hourly"]!.GetValue<int>()),
            V(BotConfigKeys.FeatureFlags).AsObject().ToDictionary(p => p.Key, p => FeatureFlagSetting.From(p.Value!)));
    }
}
