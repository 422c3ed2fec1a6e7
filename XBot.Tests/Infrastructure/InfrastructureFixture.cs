using Npgsql;
using XBot.AppHost.Hosting;
using XBot.AppHost.Hosting.Testing;

namespace XBot.Tests.Infrastructure;

/// <summary>
/// One real Redis and one real PostgreSQL for the whole test run, started through the AppHost's testing
/// entry point on free ports. Tests isolate themselves: a fresh database each (<see cref="CreateDatabaseAsync"/>)
/// and a fresh key prefix each (<see cref="NewPrefix"/>).
/// </summary>
public sealed class InfrastructureFixture : IAsyncLifetime
{
    private DistributedApplication _app = default!;

    public string RedisConnectionString => _app.GetConnectionString("cache")!;

    /// <summary>The superuser's connection to the maintenance database, for creating and dropping test databases.</summary>
    public string AdminConnectionString => new NpgsqlConnectionStringBuilder(_app.GetConnectionString("xbotdb")) { Database = "postgres" }.ConnectionString;

    public async Task InitializeAsync()
    {
        var builder = DistributedApplicationTestingBuilder.Create();
        builder.AddRedis("cache");
        builder.AddPostgres("postgres").AddDatabase("xbotdb");
        _app = builder.Build();
        await _app.StartAsync();
        try
        {
            await _app.WaitForAllHealthyAsync(Deadline.Minutes(3));
        }
        catch (Exception ex)
        {
            throw new InvalidOperationException($"Redis and PostgreSQL did not start: {ex.Message}{Environment.NewLine}{_app.Output.Tail()}", ex);
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

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
