using System.Text.Json.Nodes;

namespace XBot.Web.Services.Models;

/// <summary>A bot_config value with its source and its allowed range, in words (GET /api/config).</summary>
public sealed record ConfigValue(string Key, string Environment, JsonNode Value, string Source, DateTimeOffset? UpdatedAt, string Allowed);

public sealed record ConfigChange(string Key, string Environment, JsonNode? Old, JsonNode New, string Actor, bool Changed);

/// <summary>A feature flag as GET /health/features reports it.</summary>
public sealed record FeatureFlag(string Name, bool Enabled, int RolloutPercent, string Source);

public sealed record FeaturesReport(string Environment, IReadOnlyList<FeatureFlag> Flags);
