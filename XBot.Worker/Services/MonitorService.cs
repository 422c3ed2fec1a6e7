using Microsoft.Extensions.Options;
using XBot.Core.Monitoring;
using XBot.Core.Time;

namespace XBot.Worker.Services;

/// <summary>
/// The monitor (runbooks.md §10): health every <see cref="MonitorOptions.HealthInterval"/>, drift every
/// <see cref="MonitorOptions.DriftInterval"/>, performance and SLOs every <see cref="MonitorOptions.PerformanceInterval"/>.
/// Every <see cref="MonitorOptions.GateInterval"/> it re-reads the gate (MONITORING_ENABLED and the
/// <c>monitoring</c> flag), so turning the flag off stops the passes within seconds and turning it on runs them at once.
/// </summary>
public sealed partial class MonitorService(
    MonitorPasses passes,
    MonitorGate gate,
    MonitorState state,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<MonitorService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var settings = options.Value;
        var intervals = new Dictionary<string, TimeSpan>(StringComparer.Ordinal)
        {
            [MonitorPasses.Health] = settings.HealthInterval,
            [MonitorPasses.Drift] = settings.DriftInterval,
            [MonitorPasses.Performance] = settings.PerformanceInterval,
        };
        var due = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        bool? wasOn = null;
        // The gate's cadence and a pass's timeout are physical (they pace and bound real work); when passes are due
        // is simulated time, so under a simulated clock (XBot.Core.Time) each gate tick runs whatever is due.
        var physical = time.Physical();
        using var timer = new PeriodicTimer(settings.GateInterval, physical);
        do
        {
            MonitorGateState current;
            try
            {
                current = await gate.ReadAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                // ConfigStore falls back to its last copy or the defaults; this is only a failure beyond that.
                LogGateFailed(logger, ex);
                current = state.Gate;
            }
            if (current.On != wasOn)
            {
                LogGate(logger, current.On ? "on" : "off", current.Reason);
                // Switched on (again): every pass is due now.
                due.Clear();
                wasOn = current.On;
            }

            if (current.On)
            {
                foreach (var (pass, interval) in intervals)
                {
                    var now = time.GetUtcNow();
                    if (due.TryGetValue(pass, out var next) && now < next)
                    {
                        continue;
                    }
                    due[pass] = now + interval;
                    try
                    {
                        // Bounded, so that one hung pass (a store that never answers) can't stop the monitor:
                        // the pass is cancelled, and abandoned if it ignores that.
                        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                        bounded.CancelAfter(settings.PassTimeout);
                        var result = await passes.RunAsync(pass, bounded.Token).WaitAsync(settings.PassTimeout, physical, stoppingToken);
                        state.Ran(pass, result.At);
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested && ex is TimeoutException or OperationCanceledException)
                    {
                        LogPassTimedOut(logger, pass, settings.PassTimeout);
                    }
                    catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                    {
                        LogPassFailed(logger, ex, pass);
                    }
                }
            }
            state.Round(current);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The monitor is {State}: {Reason}")]
    private static partial void LogGate(ILogger logger, string state, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the monitor's gate; keeping its last state")]
    private static partial void LogGateFailed(ILogger logger, Exception ex);

    [LoggerMessage(Level = LogLevel.Error, Message = "The monitor's {Pass} pass took longer than {Timeout} (Monitor:PassTimeout) and was abandoned; it runs again at its next interval")]
    private static partial void LogPassTimedOut(ILogger logger, string pass, TimeSpan timeout);

    [LoggerMessage(Level = LogLevel.Error, Message = "The monitor's {Pass} pass failed; it runs again at its next interval")]
    private static partial void LogPassFailed(ILogger logger, Exception ex, string pass);
}
