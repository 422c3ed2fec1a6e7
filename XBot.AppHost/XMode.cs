using Microsoft.Extensions.Configuration;

namespace XBot.AppHost;

/// <summary><c>AppHost:X</c>: <c>none</c> (the default: the worker uses the real X API with its own credentials) or <c>simulator</c>.</summary>
public static class XMode
{
    public const string Setting = "AppHost:X";

    /// <summary>Whether the stand-in runs; any other value than the two is refused rather than read as "none".</summary>
    public static bool IsSimulator(IConfiguration configuration)
    {
        var value = configuration[Setting]?.Trim();
        if (string.IsNullOrEmpty(value) || value.Equals("none", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        return value.Equals("simulator", StringComparison.OrdinalIgnoreCase)
            ? true
            : throw new AppHostConfigurationException(
                $"{Setting} is '{value}'. Use none (the real X API, with the worker's own X credentials) or simulator (the X stand-in, offline).");
    }
}
