using Dapper;
using Microsoft.Extensions.Options;
using Npgsql;
using XBot.Core.Configuration;
using XBot.Core.Operations;
using XBot.Core.Storage;
using XBot.Core.Storage.Sync;

namespace XBot.Core.Monitoring;

/// <summary>Builds the <see cref="MonitoringReport"/> from the stores and the recorded rows, for the api and the CLI alike.</summary>
public sealed class MonitoringReporter(
    HealthProbe probe,
    SyncQueue syncQueue,
    IDualStore store,
    SloCalculator calculator,
    AlertConditions conditions,
    MonitorGate gate,
    NpgsqlDataSource dataSource,
    XBotOptions xbot,
    IOptions<MonitorOptions> options,
    TimeProvider time)
{
    /// <summary>The longest window a report may cover.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(90);

    public async Task<MonitoringReport> ReportAsync(TimeSpan? window, CancellationToken cancellationToken)
    {
        var span = window ?? options.Value.SloWindow;
        var now = time.GetUtcNow();
        var live = await probe.ReadAsync(cancellationToken);
        SyncQueueStatus? sync = null;
        if (live.RedisOk)
        {
            try
            {
                sync = await syncQueue.StatusAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is StackExchange.Redis.RedisException or TimeoutException)
            {
                // Reported as unknown.
            }
        }
        var figures = await calculator.ReadAsync(now, span, cancellationToken);
        var slos = SloTargets.Evaluate(figures);
        double? Value(string name) => slos.Single(s => s.Name == name).Value;

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var passes = (await connection.QueryAsync<(string Component, DateTime At)>(new CommandDefinition(
            "SELECT component, max(timestamp) FROM system_health WHERE environment = @env AND component = ANY(@components) GROUP BY component",
            new { env = xbot.AppEnv, components = MonitorPasses.All.ToArray() }, cancellationToken: cancellationToken)))
            .ToDictionary(r => r.Component, r => new DateTimeOffset(DateTime.SpecifyKind(r.At, DateTimeKind.Utc)));

        return new MonitoringReport(
            now,
            xbot.AppEnv,
            span.TotalHours,
            await gate.ReadAsync(cancellationToken),
            new MonitoringFigures(
                live.Status,
                live.RedisOk,
                live.DatabaseOk,
                store.Status.Mode.ToString(),
                Value(SloTargets.Uptime),
                Value(SloTargets.ErrorRate),
                Value(SloTargets.PostingLatency),
                Value(SloTargets.ApiLatency),
                Value(SloTargets.DatabaseLatency),
                live.QueueDepth,
                sync?.Depth,
                sync is null ? null : Math.Round(sync.OldestAge?.TotalSeconds ?? 0, 3),
                Value(SloTargets.DataDrift),
                Value(SloTargets.BackfillSuccess),
                live.LastPostAt,
                live.PostsLastHour),
            slos,
            await conditions.ActiveAsync(cancellationToken),
            MonitorPasses.All.ToDictionary(p => p, p => passes.TryGetValue(p, out var at) ? at : (DateTimeOffset?)null, StringComparer.Ordinal));
    }
}
