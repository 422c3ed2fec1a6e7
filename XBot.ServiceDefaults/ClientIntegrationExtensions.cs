using Npgsql;
using XBot.ServiceDefaults.Connections;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Aspire's client integrations (Aspire.StackExchange.Redis, Aspire.Npgsql), with their health checks and telemetry,
/// plus what XBot adds on top: <c>REDIS_URL</c> / <c>DATABASE_URL</c> are translated into the connection strings the
/// integrations read, and a missing or malformed setting stops start-up with one line that names it and shows an example.
/// </summary>
public static class ClientIntegrationExtensions
{
    /// <summary>Auto-prepare is on unless the connection string sets it: XBot's hot statements repeat (1.5× at c=1 here).</summary>
    private const int DefaultMaxAutoPrepare = 64;

    /// <summary>
    /// The server ends a session that sits in an open transaction this long. No XBot transaction waits on anything
    /// but PostgreSQL (X and Redis calls happen outside them), so only a leaked connection gets there, and it would
    /// otherwise hold its row locks (a queued text's unique-index entry) until the process ends. A startup option,
    /// not a <c>SET</c>: the pool's reset on return (<c>RESET ALL</c>) goes back to it, where it would undo a <c>SET</c>.
    /// </summary>
    private const string IdleInTransactionTimeout = "-c idle_in_transaction_session_timeout=60s";

    public static IHostApplicationBuilder AddXBotRedisClient(this IHostApplicationBuilder builder, string connectionName)
    {
        var options = RedisConnection.Resolve(builder.Configuration, connectionName);
        builder.Configuration[$"ConnectionStrings:{connectionName}"] = options.ToString(includePassword: true);

        // AbortOnConnectFail=false: services start, and fall back to PostgreSQL, while Redis is down.
        builder.AddRedisClient(connectionName, configureOptions: configuration => configuration.AbortOnConnectFail = false);
        return builder;
    }

    public static IHostApplicationBuilder AddXBotNpgsqlDataSource(this IHostApplicationBuilder builder, string connectionName)
    {
        var resolved = PostgresConnection.Resolve(builder.Configuration, connectionName);
        var connection = new NpgsqlConnectionStringBuilder(resolved);
        var given = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = resolved };
        if (!given.Keys.Cast<string>().Any(key => key.Replace(" ", "", StringComparison.Ordinal).Equals("MaxAutoPrepare", StringComparison.OrdinalIgnoreCase)))
        {
            connection.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }
        if (connection.Options?.Contains("idle_in_transaction_session_timeout", StringComparison.Ordinal) != true)
        {
            connection.Options = string.IsNullOrWhiteSpace(connection.Options) ? IdleInTransactionTimeout : $"{connection.Options} {IdleInTransactionTimeout}";
        }
        builder.Configuration[$"ConnectionStrings:{connectionName}"] = connection.ConnectionString;

        builder.AddNpgsqlDataSource(connectionName);
        return builder;
    }
}
