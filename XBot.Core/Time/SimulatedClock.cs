using System.Globalization;
using Microsoft.Extensions.Configuration;
using XBot.Core.Configuration;
using XBot.Core.Posting.XApi;

namespace XBot.Core.Time;

/// <summary>
/// The simulated-clock contract: <c>SIMULATED_CLOCK_EPOCH</c> (an ISO-8601 UTC instant) and <c>SIMULATED_TIME_SCALE</c>
/// (how many simulated seconds pass per real second). The AppHost sets both, once, for every process of a stack in
/// simulator mode; each process then computes the same simulated time alone (<see cref="ScaledTimeProvider"/>).
/// </summary>
public static class SimulatedClock
{
    public const string EpochVariable = "SIMULATED_CLOCK_EPOCH";
    public const string ScaleVariable = "SIMULATED_TIME_SCALE";
    public const double MinScale = 1;
    public const double MaxScale = 10_000;

    /// <summary>Hosts of the real X API: a scaled clock never drives them.</summary>
    private static readonly string[] RealXHosts = ["x.com", "twitter.com"];

    /// <summary>The pair, or null when neither variable is set; a bad or lone value throws, naming the variable.</summary>
    public static SimulatedClockSettings? Read(IConfiguration configuration)
    {
        var epochText = configuration[EpochVariable]?.Trim();
        var scaleText = configuration[ScaleVariable]?.Trim();
        if (string.IsNullOrEmpty(epochText) && string.IsNullOrEmpty(scaleText))
        {
            return null;
        }

        var errors = new List<string>();
        if (string.IsNullOrEmpty(epochText) || string.IsNullOrEmpty(scaleText))
        {
            var missing = string.IsNullOrEmpty(epochText) ? EpochVariable : ScaleVariable;
            errors.Add($"{missing} is not set, but {(missing == EpochVariable ? ScaleVariable : EpochVariable)} is; set both (the AppHost does, with --AppHost:TimeScale) or neither.");
        }
        DateTimeOffset epoch = default;
        if (!string.IsNullOrEmpty(epochText)
            && !DateTimeOffset.TryParse(epochText, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out epoch))
        {
            errors.Add($"{EpochVariable} is '{epochText}'; use an ISO-8601 UTC instant, for example 2026-01-01T00:00:00Z.");
        }
        double scale = 0;
        if (!string.IsNullOrEmpty(scaleText)
            && (!double.TryParse(scaleText, NumberStyles.Float, CultureInfo.InvariantCulture, out scale) || !double.IsFinite(scale) || scale is < MinScale or > MaxScale))
        {
            errors.Add($"{ScaleVariable} is '{scaleText}'; use a number from {MinScale} to {MaxScale:0}, for example 720 (a simulated day every 2 real minutes).");
        }
        if (errors.Count > 0)
        {
            throw new XBotConfigurationException(errors);
        }
        return new SimulatedClockSettings(epoch, scale);
    }

    /// <summary>
    /// Refuses the simulated clock unless X is a stand-in: <c>X_API_BASE_URL</c> set, and not the real X API. A scaled
    /// clock must never drive real posts (caps, intervals and quiet hours would all run <c>scale</c> times too fast).
    /// </summary>
    public static void RequireXStandIn(IConfiguration configuration)
    {
        var url = configuration[XApiOptionsBinder.BaseUrl]?.Trim();
        if (string.IsNullOrEmpty(url))
        {
            throw new XBotConfigurationException([$"{EpochVariable} and {ScaleVariable} are set, but {XApiOptionsBinder.BaseUrl} is not: a simulated clock never drives the real X API, only an X stand-in. Point {XApiOptionsBinder.BaseUrl} at the stand-in (the AppHost does with --AppHost:X=simulator), or unset both."]);
        }
        if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && IsRealX(uri))
        {
            throw new XBotConfigurationException([$"{EpochVariable} and {ScaleVariable} are set, but {XApiOptionsBinder.BaseUrl} is the real X API ({uri.Host}): a simulated clock must never drive real posts. Unset both, or point {XApiOptionsBinder.BaseUrl} at the X stand-in."]);
        }
    }

    public static bool IsRealX(Uri uri) =>
        RealXHosts.Any(host => uri.Host.Equals(host, StringComparison.OrdinalIgnoreCase) || uri.Host.EndsWith("." + host, StringComparison.OrdinalIgnoreCase));
}

/// <summary>A simulated clock's epoch and scale, as read from the environment.</summary>
public sealed record SimulatedClockSettings(DateTimeOffset Epoch, double Scale)
{
    public ScaledTimeProvider CreateClock(TimeProvider? physical = null) => new(physical ?? TimeProvider.System, Epoch, Scale);
}
