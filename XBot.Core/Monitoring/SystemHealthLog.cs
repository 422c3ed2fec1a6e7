using System.Text.Json.Nodes;
using Dapper;
using Npgsql;
using XBot.Core.Configuration;

namespace XBot.Core.Monitoring;

/// <summary>
/// Writes the monitor's <c>system_health</c> rows (runbooks.md §3, §10): one per pass, with the pass as the
/// component (<see cref="HealthComponent"/>, <see cref="DriftComponent"/>, <see cref="PerformanceComponent"/>,
/// <see cref="SloComponent"/>), a status, and its figures as JSON. The SLOs are computed from these rows.
/// </summary>
public sealed class SystemHealthLog(NpgsqlDataSource dataSource, XBotOptions options)
{
    public const string HealthComponent = "health";
    public const string DriftComponent = "drift";
    public const string PerformanceComponent = "performance";
    public const string SloComponent = "slo";

    public async Task WriteAsync(DateTimeOffset at, string component, string status, JsonObject metrics, JsonObject? diagnostics, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "INSERT INTO system_health (timestamp, component, status, environment, metrics, diagnostics) VALUES (@at, @component, @status, @env, @metrics::jsonb, @diagnostics::jsonb)",
            new { at, component, status, env = options.AppEnv, metrics = metrics.ToJsonString(), diagnostics = (diagnostics ?? []).ToJsonString() },
            cancellationToken: cancellationToken));
    }
}
