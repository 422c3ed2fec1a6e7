using Npgsql;
using StackExchange.Redis;
using XBot.Core.Schema;
using XBot.Core.Storage;
using XBot.Core.Storage.Redis;
using XBot.ServiceDefaults.Connections;
using XBot.Worker.Cli;

namespace XBot.Worker.Benchmarks;

/// <summary>
/// Where a benchmark runs: the configured Redis and PostgreSQL servers, but a throwaway database
/// (<c>xbot_bench_*</c>, migrated to the current schema) and fresh Redis prefixes, so that nothing the
/// live bot holds is read or changed. Disposing deletes the prefixes' keys and drops the database, also
/// after a failure. It starts nothing: both servers must already run.
/// </summary>
public sealed class BenchmarkSandbox : IAsyncDisposable
{
    private readonly IConfiguration _configuration;
    private readonly NpgsqlConnection _server;
    private readonly ThrowawayDatabase _database;
    private readonly string _runId = Guid.NewGuid().ToString("N")[..8];
    private readonly List<(CliContext Context, IServiceProvider Services)> _providers = [];

    private BenchmarkSandbox(IConfiguration configuration, NpgsqlConnection server, ThrowawayDatabase database, string connectionString)
    {
        _configuration = configuration;
        _server = server;
        _database = database;
        ConnectionString = connectionString;
    }

    /// <summary>The throwaway database's connection string (with the configured credentials).</summary>
    public string ConnectionString { get; }

    public static async Task<BenchmarkSandbox> CreateAsync(IConfiguration configuration, CancellationToken cancellationToken)
    {
        var live = PostgresConnection.Resolve(configuration, "xbotdb");
        var server = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(live) { Pooling = false }.ConnectionString);
        ThrowawayDatabase? database = null;
        try
        {
            await server.OpenAsync(cancellationToken);
            database = await ThrowawayDatabase.CreateAsync(server, "bench", cancellationToken);
            var scratch = new NpgsqlConnectionStringBuilder(live) { Database = database.Name }.ConnectionString;
            var sandbox = new BenchmarkSandbox(configuration, server, database, scratch);
            await using (var connection = await database.OpenAsync(cancellationToken))
            {
                var services = sandbox.Services("migrate", new Dictionary<string, string?>());
                await services.GetRequiredService<MigrationRunner>().MigrateAsync(connection, cancellationToken);
            }
            return sandbox;
        }
        catch
        {
            if (database is not null)
            {
                await database.DisposeAsync();
            }
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The services as the worker wires them, on the throwaway database and a prefix of their own
    /// (<paramref name="name"/>), with <paramref name="settings"/> laid over the configuration.
    /// </summary>
    public IServiceProvider Services(string name, IDictionary<string, string?> settings)
    {
        var overlay = new Dictionary<string, string?>(settings)
        {
            ["ConnectionStrings:xbotdb"] = ConnectionString,
            ["REDIS_PREFIX"] = Prefix(name),
        };
        var configuration = new ConfigurationBuilder().AddConfiguration(_configuration).AddInMemoryCollection(overlay).Build();
        var context = new CliContext(configuration, TextWriter.Null, TextWriter.Null);
        var services = context.CreateServices(redis: true, database: true);
        _providers.Add((context, services));
        return services;
    }

    /// <summary>Services in normal mode with Redis warm (the marker set by a rebuild), ready to measure.</summary>
    public async Task<IServiceProvider> WarmServicesAsync(string name, IDictionary<string, string?> settings, CancellationToken cancellationToken)
    {
        var services = Services(name, settings);
        await services.GetRequiredService<RedisGate>().WaitUntilConnectedAsync(cancellationToken);
        await services.GetRequiredService<IDualStore>().RebuildRedisAsync("benchmark", cancellationToken);
        return services;
    }

    public string Prefix(string name) => $"bench{_runId}{name}:";

    public async ValueTask DisposeAsync()
    {
        foreach (var (context, services) in _providers)
        {
            if (services.GetService<IConnectionMultiplexer>() is { IsConnected: true } multiplexer)
            {
                var keys = services.GetRequiredService<RedisGate>().Keys;
                var db = multiplexer.GetDatabase();
                await RedisScanner.DeleteAsync(db, await RedisScanner.ScanAsync(db, keys.AllPattern, CancellationToken.None));
            }
            await context.DisposeAsync();
        }
        await _database.DisposeAsync();
        await _server.DisposeAsync();
    }
}
