using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Audit;
using XBot.Core.Schema;
using XBot.Core.Storage;
using XBot.Core.Storage.Consistency;

namespace XBot.Core.Monitoring;

/// <summary>
/// The drift pass (hourly): the consistency audit's data drift between Redis and PostgreSQL (CRITICAL at
/// 1 % or more) and schema drift against the migrations (CRITICAL), as a <c>drift</c> row; then prunes the
/// monitor's rows older than <see cref="MonitorOptions.Retention"/>.
/// </summary>
public sealed class DriftPass(
    IDualStore store,
    SchemaDrift schemaDrift,
    NpgsqlDataSource dataSource,
    AlertConditions conditions,
    SystemHealthLog healthLog,
    IOptions<MonitorOptions> options,
    TimeProvider time,
    ILogger<DriftPass> logger)
{
    public async Task<PassResult> RunAsync(CancellationToken cancellationToken)
    {
        var at = time.GetUtcNow();
        var findings = new PassFindings(conditions);
        var audit = await PassFindings.TryReadAsync<ConsistencyReport>(async () => await store.AuditConsistencyAsync(repair: false, "monitor", cancellationToken), logger);
        var schema = await PassFindings.TryReadAsync<DriftReport>(async () =>
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            return await schemaDrift.DetectAsync(connection, cancellationToken);
        }, logger);

        if (audit?.DriftPercent is { } percent)
        {
            await findings.WatchAsync("data_drift", percent < SloTargets.DataDriftPercent ? null
                : new("data_drift", AuditSeverity.Critical, "DATA_DRIFT", $"Redis and PostgreSQL differ on {percent.ToString(CultureInfo.InvariantCulture)} % of compared items (tolerance under {SloTargets.DataDriftPercent} %); run 'audit consistency --repair'."),
                cancellationToken);
        }
        if (schema is not null)
        {
            await findings.WatchAsync("schema_drift", !schema.HasDrift ? null
                : new("schema_drift", AuditSeverity.Critical, "SCHEMA_DRIFT", $"The live schema differs from the migrations in {schema.Items.Count} place(s); run 'db drift'."),
                cancellationToken);
        }

        var metrics = new JsonObject
        {
            ["data_drift_percent"] = audit?.DriftPercent,
            ["consistency_verdict"] = audit?.Verdict,
            ["schema_drift_items"] = schema?.Items.Count,
            ["sync_queue_depth"] = audit?.SyncQueue?.Depth,
        };
        var status = audit?.DriftPercent is null && schema is null ? "unavailable"
            : (audit?.DriftPercent ?? 0) >= SloTargets.DataDriftPercent || schema?.HasDrift == true ? "drift"
            : audit?.DriftPercent is null || schema is null ? "partial"
            : "ok";
        await healthLog.TryWriteAsync(at, SystemHealthLog.DriftComponent, status, metrics, null, cancellationToken);
        try
        {
            metrics["pruned_rows"] = await healthLog.PruneAsync(at - options.Value.Retention, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Could not prune old system_health rows: {Error}", ex.GetType().Name);
        }
        return new PassResult(MonitorPasses.Drift, at, status, metrics, findings.Changes, findings.Problems);
    }
}
