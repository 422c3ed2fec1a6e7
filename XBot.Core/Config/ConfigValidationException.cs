namespace XBot.Core.Config;

/// <summary>A config key is unknown, read-only, or its value is out of range. Nothing was changed.</summary>
public sealed class ConfigValidationException(string key, string message) : ArgumentException(message)
{
    public string Key { get; } = key;
}
