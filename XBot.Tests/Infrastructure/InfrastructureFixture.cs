using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Npgsql;
using XBot.AppHost.Resources;

namespace XBot.Tests.Infrastructure;

/// <summary>
/// One real Redis and one real PostgreSQL for the whole test run, started as the AppHost's own Aspire resources on
/// free ports. Tests isolate themselves: a fresh database each (<see cref="CreateDatabaseAsync"/>) and a fresh key
/// prefix each (<see cref="NewPrefix"/>).
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private readonly string _dataDirectory = AspireTestExtensions.NewDataDirectory();
    private DistributedApplication _app = default!;

    public string RedisConnectionString { get; private set; } = "";

    /// <summary>The superuser's connection to the maintenance database, for creating and dropping test databases.</summary>
    public string AdminConnectionString { get; private set; } = "";

    public async Task InitializeAsync()
    {
        _app = await StartStoresAsync(_dataDirectory);
        RedisConnectionString = (await _app.GetConnectionStringAsync("cache"))!;
        AdminConnectionString = new NpgsqlConnectionStringBuilder(await _app.GetConnectionStringAsync("xbotdb")) { Database = "postgres" }.ConnectionString;
    }

    /// <summary>Redis and PostgreSQL (with <c>xbotdb</c>) exactly as the AppHost declares them, healthy.</summary>
    public static async Task<DistributedApplication> StartStoresAsync(string dataDirectory, params string[] arguments)
    {
        var builder = AspireTestExtensions.CreateResourceBuilder([.. AspireTestExtensions.IsolatedRunArguments(dataDirectory), .. arguments]);
        builder.AddRedisServer("cache");
        builder.AddPostgresServer("postgres").AddDatabase("xbotdb");
        var app = await builder.BuildAsync();
        await app.StartAsync();
        await app.WaitForHealthyAsync(["cache", "xbotdb"], Deadline.Minutes(3));
        return app;
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        AspireTestExtensions.DeleteDataDirectory(_dataDirectory);
    }

    /// <summary>A Redis key prefix no other test uses, in the runbook's shape (<c>name:</c>).</summary>
    public static string NewPrefix() => $"t{Guid.NewGuid():N}"[..13] + ":";

    /// <summary>A new database with every migration applied; dropped when the returned object is disposed.</summary>
    public async Task<TestDatabase> CreateMigratedDatabaseAsync()
    {
        var database = await CreateDatabaseAsync();
        await TestMigrations.ApplyAllAsync(database.ConnectionString);
        return database;
    }

    /// <summary>A new, empty database; dropped when the returned object is disposed.</summary>
    public async Task<TestDatabase> CreateDatabaseAsync()
    {
        var name = $"t_{Guid.NewGuid():N}";
        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        var connectionString = new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
        return new TestDatabase(name, connectionString, AdminConnectionString);
    }
}

public sealed class TestDatabase(string name, string connectionString, string adminConnectionString) : IAsyncDisposable
{
    public string Name { get; } = name;

    public string ConnectionString { get; } = connectionString;

    public NpgsqlDataSource CreateDataSource() => NpgsqlDataSource.Create(ConnectionString);

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(adminConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class InfrastructureCollection : ICollectionFixture<InfrastructureFixture>
{
    public const string Name = "infrastructure";
}
