using Microsoft.Extensions.Configuration;
using Npgsql;
using XBot.ServiceDefaults.Connections;

namespace XBot.AppHost.Hosting.Resources;

/// <summary>
/// A database on a <see cref="PostgresServerResource"/>, created when missing. When
/// <c>ConnectionStrings:{name}</c> is configured, that database is used and nothing is created.
/// </summary>
public sealed class PostgresDatabaseResource : Resource, IResourceWithConnectionString
{
    private readonly PostgresServerResource _server;
    private readonly string? _external;

    internal PostgresDatabaseResource(string name, PostgresServerResource server, DistributedApplicationBuilder builder) : base(name, builder)
    {
        _server = server;
        _external = builder.Configuration.GetConnectionString(name);
    }

    public override string Kind => "database";

    public override bool IsExternal => _external is not null;

    public string GetConnectionString() => _external ?? _server.ConnectionStringFor(Name);

    internal override async Task PrepareAsync(CancellationToken cancellationToken)
    {
        if (IsExternal)
        {
            return;
        }

        await using var connection = new NpgsqlConnection(_server.ConnectionStringFor("postgres") + ";Pooling=false");
        await connection.OpenAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT 1 FROM pg_database WHERE datname = @name", connection);
        exists.Parameters.AddWithValue("name", Name);
        if (await exists.ExecuteScalarAsync(cancellationToken) is null)
        {
            Builder.Output.System($"creating database {Name}");
            var quoted = "\"" + Name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var create = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    internal override async Task<bool> ProbeAsync(CancellationToken cancellationToken)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection([new($"ConnectionStrings:{Name}", GetConnectionString())])
            .Build();
        var connectionString = new NpgsqlConnectionStringBuilder(PostgresConnection.Resolve(configuration, Name))
        {
            Pooling = false,
            Timeout = 3,
        }.ConnectionString;

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new NpgsqlCommand("SELECT 1", connection);
        await command.ExecuteScalarAsync(cancellationToken);
        return true;
    }
}
