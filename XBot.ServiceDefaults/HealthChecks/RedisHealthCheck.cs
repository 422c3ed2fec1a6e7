using Microsoft.Extensions.Diagnostics.HealthChecks;
using StackExchange.Redis;

namespace XBot.ServiceDefaults.HealthChecks;

/// <summary>
/// PINGs Redis. Written here rather than taken from AspNetCore.HealthChecks.Redis so that Redis and
/// PostgreSQL checks behave alike (the NpgSql sibling package is not served at a current version).
/// </summary>
public sealed class RedisHealthCheck(IConnectionMultiplexer multiplexer) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var latency = await multiplexer.GetDatabase().PingAsync().WaitAsync(cancellationToken);
            return HealthCheckResult.Healthy($"ping {latency.TotalMilliseconds:F1} ms");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "Redis did not answer PING", ex);
        }
    }
}
