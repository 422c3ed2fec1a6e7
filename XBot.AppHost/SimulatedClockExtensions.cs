using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace XBot.AppHost;

/// <summary>
/// <c>AppHost:TimeScale</c>: compresses days on a simulator-mode stack. The AppHost fixes one epoch (now) and gives the
/// worker, the api and the X stand-in the same <c>SIMULATED_CLOCK_EPOCH</c> and <c>SIMULATED_TIME_SCALE</c>; each
/// computes simulated time alone (XBot.Core.Time.ScaledTimeProvider), so they agree without talking to each other.
/// </summary>
public static class SimulatedClockExtensions
{
    public const string Setting = "AppHost:TimeScale";
    public const string EpochVariable = "SIMULATED_CLOCK_EPOCH";
    public const string ScaleVariable = "SIMULATED_TIME_SCALE";

    /// <summary>The configured scale, or null when unset; refused (with what to do) without the stand-in or out of range.</summary>
    public static double? TimeScale(IConfiguration configuration, bool simulator)
    {
        var text = configuration[Setting]?.Trim();
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }
        if (!simulator)
        {
            throw new AppHostConfigurationException(
                $"{Setting} is '{text}', but AppHost:X is not 'simulator': a simulated clock must never drive the real X API. Add --AppHost:X=simulator, or leave {Setting} unset.");
        }
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale) || !double.IsFinite(scale) || scale is < 1 or > 10_000)
        {
            throw new AppHostConfigurationException(
                $"{Setting} is '{text}'; use a number from 1 to 10000 (simulated seconds per real second), for example 720 for a simulated day every 2 real minutes.");
        }
        return scale;
    }

    /// <summary>The epoch every process of this run shares: the AppHost's start, so simulated time begins at the real time.</summary>
    public static string NewEpoch(TimeProvider time) =>
        time.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static IResourceBuilder<ProjectResource> WithSimulatedClock(this IResourceBuilder<ProjectResource> project, string epoch, double scale) =>
        project
            .WithEnvironment(EpochVariable, epoch)
            .WithEnvironment(ScaleVariable, scale.ToString("R", CultureInfo.InvariantCulture));
}
