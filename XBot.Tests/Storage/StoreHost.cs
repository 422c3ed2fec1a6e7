using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using XBot.Core.Storage;
using XBot.Core.Storage.Fallback;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Storage;

/// <summary>
/// A dual store wired exactly as the api and worker wire it (AddRedisClient, AddNpgsqlDataSource,
/// AddXBotCore), started so its monitor and listener run, with short probe and poll intervals.
/// </summary>
public sealed class StoreHost : IAsyncDisposable
{
    private readonly IHost _host;

    private StoreHost(IHost host) => _host = host;

    public IDualStore Store => _host.Services.GetRequiredService<IDualStore>();

    public IServiceProvider Services => _host.Services;

    public T Get<T>() where T : notnull => _host.Services.GetRequiredService<T>();

    /// <summary>Rebuilds Redis from PostgreSQL and waits until the store uses it (unless pinned to fallback).</summary>
    public async Task WarmAsync()
    {
        await Store.RebuildRedisAsync("test");
        if (!Get<FallbackController>().IsPinned)
        {
            await Deadline.UntilAsync(() => Store.Status.Mode == StoreMode.Normal, "the store did not reach normal mode");
        }
    }

    public static async Task<StoreHost> StartAsync(
        string redis,
        string postgres,
        string prefix,
        IDictionary<string, string?>? settings = null,
        TimeProvider? time = null,
        bool start = true)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(Settings(redis, postgres, prefix, settings));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Warning);
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }
        builder.AddXBotRedisClient("cache");
        builder.AddXBotNpgsqlDataSource("xbotdb");
        builder.Services.AddXBotCore(builder.Configuration);
        var host = builder.Build();
        if (start)
        {
            await host.StartAsync();
        }
        return new StoreHost(host);
    }

    /// <summary>The settings a store (or the CLI) runs with in these tests.</summary>
    public static Dictionary<string, string?> Settings(string redis, string postgres, string prefix, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redis,
            // Small pools: many tests run at once against one server with 100 connections.
            ["ConnectionStrings:xbotdb"] = new NpgsqlConnectionStringBuilder(postgres) { MaxPoolSize = 10 }.ConnectionString,
            ["REDIS_PREFIX"] = prefix,
            ["APP_ENV"] = "development",
            ["DualStore:ProbeInterval"] = "00:00:00.200",
            ["DualStore:ConfigPollInterval"] = "00:00:00.300",
            ["DualStore:RedisTimeout"] = "00:00:02",
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return settings;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // Never started.
        }
        if (_host is IAsyncDisposable disposable)
        {
            await disposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }
}

/// <summary>A migrated test database and a fresh prefix, for one test.</summary>
public sealed class StoreScope : IAsyncDisposable
{
    private readonly TestDatabase _database;

    private StoreScope(TestDatabase database, string prefix, string redis)
    {
        _database = database;
        Prefix = prefix;
        Redis = redis;
    }

    public string Prefix { get; }

    public string Redis { get; }

    public string Postgres => _database.ConnectionString;

    public static async Task<StoreScope> CreateAsync(InfrastructureFixture fixture, string? redis = null)
    {
        var database = await fixture.CreateDatabaseAsync();
        await XBot.Tests.Infrastructure.TestMigrations.ApplyAllAsync(database.ConnectionString);
        return new StoreScope(database, InfrastructureFixture.NewPrefix(), redis ?? fixture.RedisConnectionString);
    }

    public Task<StoreHost> StartAsync(IDictionary<string, string?>? settings = null, TimeProvider? time = null, bool start = true) =>
        StoreHost.StartAsync(Redis, Postgres, Prefix, settings, time, start);

    public Dictionary<string, string?> Settings(IDictionary<string, string?>? extra = null) => StoreHost.Settings(Redis, Postgres, Prefix, extra);

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();
}
