using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using StackExchange.Redis;
using XBot.ServiceDefaults.Connections;
using XBot.ServiceDefaults.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Stand-ins for Aspire's client integrations (Aspire.StackExchange.Redis and Aspire.Npgsql), which
/// can't be restored here. Same names, same configuration keys, so swapping back is a package change.
/// </summary>
public static class ClientIntegrationExtensions
{
    /// <summary>
    /// Registers an <see cref="IConnectionMultiplexer"/> from <c>ConnectionStrings:{connectionName}</c>
    /// (or <c>REDIS_URL</c>) with a health check. A missing or malformed setting fails here, at start-up.
    /// </summary>
    public static IHostApplicationBuilder AddRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var options = RedisConnection.Resolve(builder.Configuration, connectionName);

        builder.Services.AddSingleton<IConnectionMultiplexer>(services =>
        {
            options.LoggerFactory ??= services.GetService<ILoggerFactory>();
            return ConnectionMultiplexer.Connect(options);
        });
        builder.Services.AddHealthChecks().AddCheck<RedisHealthCheck>($"redis-{connectionName}", tags: ["ready"]);
        return builder;
    }

    /// <summary>
    /// Registers an <see cref="NpgsqlDataSource"/> from <c>ConnectionStrings:{connectionName}</c>
    /// (or <c>DATABASE_URL</c>) with a health check, Npgsql tracing and metrics.
    /// </summary>
    public static IHostApplicationBuilder AddNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName)
    {
        var connectionString = PostgresConnection.Resolve(builder.Configuration, connectionName);

        builder.Services.AddSingleton(services => new NpgsqlDataSourceBuilder(connectionString)
            .UseLoggerFactory(services.GetService<ILoggerFactory>())
            .Build());
        builder.Services.AddHealthChecks().AddCheck<NpgsqlHealthCheck>($"postgres-{connectionName}", tags: ["ready"]);
        builder.Services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddNpgsql())
            .WithMetrics(metrics => metrics.AddMeter("Npgsql"));
        return builder;
    }
}
