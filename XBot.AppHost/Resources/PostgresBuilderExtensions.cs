using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace XBot.AppHost.Resources;

public static class PostgresBuilderExtensions
{
    /// <summary>
    /// PostgreSQL from the installed binaries, with <c>pg_stat_statements</c> preloaded. The cluster is created by
    /// <c>initdb</c> on first start in <c>AppHost:DataDirectory</c> (a per-user folder by default) and kept.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgresServer(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        var configuration = builder.Configuration;
        var cluster = new PostgresCluster(
            Path.Combine(DataDirectory(configuration), "postgres"),
            PostgresCluster.LocateBinaries(configuration["AppHost:PostgresBinDirectory"]),
            configuration["AppHost:PostgresOsUser"] ?? "postgres");
        // The superuser's password belongs to the cluster, kept beside it: deleting the data folder resets both, and no
        // other run (a test's, another checkout's) can make them disagree. Clusters made before this keep the password
        // they were made with (Parameters:postgres-password).
        var password = builder.AddParameter($"{name}-password", () => cluster.Password(configuration[$"Parameters:{name}-password"]), secret: true);

        var port = FreePort.Next();
        List<string> arguments =
        [
            "-D", cluster.DataDirectory, "-p", $"{port}", "-h", "127.0.0.1", "-c", "unix_socket_directories=",
            "-c", "shared_preload_libraries=pg_stat_statements",
            // Checkpoints are routine; logged, they bury what matters in the resource's console.
            "-c", "log_checkpoints=off",
        ];
        // Throwaway clusters (tests) trade durability for speed; a real one never does.
        if (configuration.GetValue<bool>("AppHost:FastUnsafePostgres"))
        {
            arguments.AddRange(["-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off"]);
        }
        var (command, wrapped) = cluster.Command("postgres", [.. arguments]);

        var server = new PostgresServerResource(name, command, cluster.Root, password.Resource, cluster);

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, async (_, cancellationToken) =>
            await cluster.PrepareAsync(cluster.Password(configuration[$"Parameters:{name}-password"]), cancellationToken));

        // Databases are created once the server answers, as Aspire's PostgreSQL integration does.
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ResourceLoggerService>().GetLogger(server);
            var serverConnection = (await server.ConnectionStringExpression.GetValueAsync(cancellationToken))!;
            await using var connection = await cluster.OpenAsync(serverConnection, cancellationToken);
            foreach (var database in server.Databases)
            {
                try
                {
                    await using var create = new NpgsqlCommand($"CREATE DATABASE {new NpgsqlCommandBuilder().QuoteIdentifier(database.DatabaseName)}", connection);
                    await create.ExecuteNonQueryAsync(cancellationToken);
                    logger.LogInformation("Created database {Database}", database.DatabaseName);
                }
                catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DuplicateDatabase)
                {
                }
                await CreateStatementStatisticsAsync(cluster, serverConnection, database.DatabaseName, logger, cancellationToken);
            }
        });

        var healthCheck = $"{name}-connect";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new PostgresConnectHealthCheck(cluster, server), failureStatus: null, tags: null, timeout: TimeSpan.FromSeconds(5)));

        return builder.AddResource(server)
            .WithEndpoint(port: port, targetPort: port, scheme: "tcp", name: PostgresServerResource.EndpointName, isProxied: false)
            .WithArgs(wrapped)
            .WithHealthCheck(healthCheck)
            .WithIconName("DatabaseStack")
            .ExcludeFromManifest();
    }

    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(this IResourceBuilder<PostgresServerResource> server, [ResourceName] string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);

        var healthCheck = $"{name}-connect";
        server.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheck, _ => new PostgresConnectHealthCheck(server.Resource.Cluster, database), failureStatus: null, tags: null, timeout: TimeSpan.FromSeconds(5)));

        // Aspire passes a parent's state to its children for containers only; an executable's children follow it here.
        server.ApplicationBuilder.Eventing.Subscribe<InitializeResourceEvent>(database, (@event, cancellationToken) =>
        {
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = FollowParentStateAsync(@event.Notifications, server.Resource, database, stopping);
            return Task.CompletedTask;
        });

        return server.ApplicationBuilder.AddResource(database)
            .WithHealthCheck(healthCheck)
            .WithIconName("Database");
    }

    private static async Task FollowParentStateAsync(ResourceNotificationService notifications, IResource parent, IResource child, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var update in notifications.WatchAsync(cancellationToken))
            {
                if (update.Resource == parent)
                {
                    await notifications.PublishUpdateAsync(child, snapshot => snapshot with
                    {
                        State = update.Snapshot.State,
                        StartTimeStamp = update.Snapshot.StartTimeStamp,
                        StopTimeStamp = update.Snapshot.StopTimeStamp,
                    });
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    /// <summary><c>AppHost:DataDirectory</c>, or the default folder: what the cluster lives in and the AppHost locks (<see cref="DataDirectoryLock"/>).</summary>
    internal static string DataDirectory(IConfiguration configuration) =>
        configuration["AppHost:DataDirectory"] is { Length: > 0 } configured ? configured : DefaultDataDirectory();

    /// <summary>Root runs share one machine-wide folder (as CI does); a user's runs live in their own profile.</summary>
    private static string DefaultDataDirectory() =>
        OperatingSystem.IsWindows()
            ? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), "xbot", "apphost")
            : Environment.IsPrivilegedProcess
                ? "/var/lib/xbot/apphost"
                : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share", "xbot", "apphost");

    private sealed class PostgresConnectHealthCheck(PostgresCluster cluster, IResourceWithConnectionString target) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                var connectionString = (await target.ConnectionStringExpression.GetValueAsync(cancellationToken))!;
                if (target is PostgresServerResource)
                {
                    connectionString += ";Database=postgres";
                }
                await using var connection = await cluster.OpenAsync(connectionString, cancellationToken);
                await using var command = new NpgsqlCommand("SELECT 1", connection);
                await command.ExecuteScalarAsync(cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception ex)
            {
                return HealthCheckResult.Unhealthy(ex.Message);
            }
        }
    }

    /// <summary>
    /// The server preloads pg_stat_statements; the extension's view lives in a database, so the database overview's slow
    /// statements need it created there. Only the AppHost's own cluster does this (as its superuser): a managed
    /// server may not allow it, which is why no migration does.
    /// </summary>
    private static async Task CreateStatementStatisticsAsync(PostgresCluster cluster, string serverConnection, string database, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(serverConnection) { Database = database };
            await using var connection = await cluster.OpenAsync(builder.ConnectionString, cancellationToken);
            await using var command = new NpgsqlCommand("CREATE EXTENSION IF NOT EXISTS pg_stat_statements", connection);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            logger.LogWarning("pg_stat_statements could not be created in {Database}; the database overview shows no slow statements: {Reason}", database, ex.MessageText);
        }
    }
}
