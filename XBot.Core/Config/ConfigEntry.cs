using System.Text.Json.Nodes;

namespace XBot.Core.Config;

/// <summary>Where an effective config value came from (runbooks.md §6 shows it per flag).</summary>
public enum ConfigSource
{
    Default,
    Database,
    Environment,
}

/// <summary>A config value as the bot sees it: the stored value, the default, or an environment override.</summary>
public sealed record ConfigEntry(string Key, string Environment, JsonNode Value, ConfigSource Source, DateTimeOffset? UpdatedAt);

/// <summary>The result of a config change. <see cref="Changed"/> is false when the new value equals the old one (nothing written).</summary>
public sealed record ConfigChange(string Key, string Environment, JsonNode? OldValue, JsonNode NewValue, string Actor, bool Changed);
