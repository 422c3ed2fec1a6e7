using System.Text.Json.Nodes;
using Dapper;
using Microsoft.Extensions.Logging;
using Npgsql;
using XBot.Core.Configuration;

namespace XBot.Core.Monitoring;

/// <summary>
/// Writes the monitor's <c>system_health</c> rows (runbooks.md §3, §10): one per pass, with the pass as the
/// component (<see cref="HealthComponent"/>, <see cref="DriftComponent"/>, <see cref="PerformanceComponent"/>,
/// <see cref="SloComponent"/>), a status, and its figures as JSON. The SLOs are computed from these rows.
/// </summary>
public sealed class SystemHealthLog(NpgsqlDataSource dataSource, XBotOptions options, ILogger<SystemHealthLog> logger)
{
    public const string HealthComponent = "health";
    public const string DriftComponent = "drift";
    public const string PerformanceComponent = "performance";
    public const string SloComponent = "slo";

    /// <summary>The components the monitor and the api write; only these are pruned.</summary>
    public static readonly string[] MonitorComponents = [HealthComponent, DriftComponent, PerformanceComponent, SloComponent, "api"];

    /// <summary>Deletes this environment's monitor rows older than <paramref name="before"/>; returns how many.</summary>
    public async Task<int> PruneAsync(DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM system_health WHERE environment = @env AND component = ANY(@components) AND timestamp < @before",
            new { env = options.AppEnv, components = MonitorComponents, before }, cancellationToken: cancellationToken));
    }

    /// <summary>Writes a row; when PostgreSQL is down, logs that instead (the DATABASE_DOWN alert is then the trace).</summary>
    public async Task TryWriteAsync(DateTimeOffset at, string component, string status, JsonObject metrics, JsonObject? diagnostics, CancellationToken cancellationToken)
    {
        try
        {
            await WriteAsync(at, component, status, metrics, diagnostics, cancellationToken);
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException)
        {
            logger.LogWarning("Could not write the {Component} row to system_health: {Error}", component, ex.GetType().Name);
        }
    }

    public async Task WriteAsync(DateTimeOffset at, string component, string status, JsonObject metrics, JsonObject? diagnostics, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO system_health (timestamp, component, status, environment, metrics, diagnostics) VALUES (@at, @component, @status, @env, @metrics::jsonb, @diagnostics::jsonb)",
            new { at, component, status, env = options.AppEnv, metrics = metrics.ToJsonString(), diagnostics = (diagnostics ?? []).ToJsonString() },
            cancellationToken: cancellationToken));
    }
}
