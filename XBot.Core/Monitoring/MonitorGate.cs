using XBot.Core.Config;
using XBot.Core.Configuration;

namespace XBot.Core.Monitoring;

/// <summary>Whether the monitor runs, and why not.</summary>
public sealed record MonitorGateState(bool On, string Reason);

/// <summary>
/// The monitor runs when <c>MONITORING_ENABLED</c> (the master switch, fixed for the process) and the
/// <c>monitoring</c> feature flag (bot_config, read through <see cref="ConfigStore"/>, so a flip is seen
/// within seconds; <c>FEATURE_FLAG_MONITORING</c> overrides it) are both on.
/// </summary>
public sealed class MonitorGate(ConfigStore config, XBotOptions xbot)
{
    public const string Flag = "monitoring";

    public async Task<MonitorGateState> ReadAsync(CancellationToken cancellationToken)
    {
        if (!xbot.MonitoringEnabled)
        {
            return new(false, "MONITORING_ENABLED=false");
        }
        var flags = (await config.GetBotConfigAsync(cancellationToken)).FeatureFlags;
        return flags.TryGetValue(Flag, out var flag) && !flag.Enabled
            ? new(false, $"the '{Flag}' feature flag is off")
            : new(true, "MONITORING_ENABLED and the 'monitoring' flag are on");
    }
}
