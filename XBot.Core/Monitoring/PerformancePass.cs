using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Audit;
using XBot.Core.Configuration;
using XBot.Core.Operations;
using XBot.Core.Storage.Redis;

namespace XBot.Core.Monitoring;

/// <summary>
/// The performance pass (every minute): a timed PostgreSQL query and Redis PING as a <c>performance</c> row,
/// then every SLO over <see cref="MonitorOptions.SloWindow"/> as an <c>slo</c> row. A breached SLO is a
/// WARNING; an error rate over 1 % is CRITICAL.
/// </summary>
public sealed class PerformancePass(
    NpgsqlDataSource dataSource,
    RedisGate redis,
    SloCalculator slos,
    AlertConditions conditions,
    SystemHealthLog healthLog,
    XBotOptions xbot,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<PerformancePass> logger)
{
    public async Task<PassResult> RunAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var databaseMs = await TimeQueryAsync(cancellationToken);
        var redisMs = xbot.UseRedis ? (await redis.PingAsync(cancellationToken))?.TotalMilliseconds : null;
        var metrics = new JsonObject
        {
            ["database_ms"] = databaseMs is { } d ? Math.Round(d, 3) : null,
            ["redis_ms"] = redisMs is { } r ? Math.Round(r, 3) : null,
        };
        // runbooks.md §5's health thresholds: a PostgreSQL query under 500 ms, a Redis ping under 10 ms.
        var status = databaseMs is null ? "unavailable" : databaseMs >= 500 || redisMs >= 10 ? "slow" : "ok";
        await healthLog.TryWriteAsync(at, SystemHealthLog.PerformanceComponent, status, metrics, null, cancellationToken);

        var findings = new PassFindings(conditions);
        var figures = await PassFindings.TryReadAsync<SloFigures>(async () => await slos.ReadAsync(at, options.Value.SloWindow, cancellationToken), logger);
        if (figures is not null)
        {
            var evaluated = SloTargets.Evaluate(figures);
            var sloMetrics = new JsonObject();
            foreach (var slo in evaluated)
            {
                await findings.WatchAsync("slo:" + slo.Name, Alert(slo), cancellationToken);
                sloMetrics[slo.Name] = new JsonObject { ["value"] = slo.Value, ["status"] = MonitorPasses.SloText(slo.Status) };
            }
            metrics["slo"] = sloMetrics;
            await healthLog.TryWriteAsync(at, SystemHealthLog.SloComponent, MonitorPasses.SloText(SloTargets.Worst(evaluated)), sloMetrics.DeepClone().AsObject(), null, cancellationToken);
        }
        return new PassResult(MonitorPasses.Performance, at, status, metrics, findings.Changes, findings.Problems);
    }

    private static ConditionAlert? Alert(Slo slo)
    {
        var severity = slo switch
        {
            { Status: SloStatus.Breached, Name: SloTargets.ErrorRate } => AuditSeverity.Critical,
            { Status: SloStatus.Breached or SloStatus.Warning } => AuditSeverity.Warning,
            _ => (AuditSeverity?)null,
        };
        var figure = $"{slo.Value?.ToString(CultureInfo.InvariantCulture) ?? "unknown"} {slo.Unit}";
        return severity is { } s ? new("slo:" + slo.Name, s, "SLO_BREACHED", $"SLO {slo.Name} is {figure} (target {slo.Target}): {slo.Detail}.") : null;
    }

    private async Task<double?> TimeQueryAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(HealthProbe.Timeout);
            var started = time.GetTimestamp();
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return time.GetElapsedTime(started).TotalMilliseconds;
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
