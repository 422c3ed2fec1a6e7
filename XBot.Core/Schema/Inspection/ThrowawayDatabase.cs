using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace XBot.Core.Schema;

/// <summary>
/// A scratch database on the live database's server (<c>xbot_drift_*</c>, <c>xbot_shadow_*</c>, <c>xbot_bench_*</c>),
/// created with the live connection's credentials and dropped on dispose, also after a failure.
/// Its name carries a short hash of the live database's name (<see cref="NamePrefix"/>), so a scratch database left
/// on a shared server by a killed process can be traced to the database it was made for.
/// It needs the CREATEDB privilege; without it the error says how to grant it.
/// </summary>
public sealed class ThrowawayDatabase : IAsyncDisposable
{
    private readonly NpgsqlConnection _server;
    private readonly List<NpgsqlConnection> _opened = [];

    private ThrowawayDatabase(NpgsqlConnection server, string name)
    {
        _server = server;
        Name = name;
    }

    public string Name { get; }

    /// <param name="server">An open connection to the live database; it is used to create and drop the scratch one.</param>
    public static async Task<ThrowawayDatabase> CreateAsync(NpgsqlConnection server, string purpose, CancellationToken cancellationToken)
    {
        var name = NamePrefix(purpose, server.Database) + Guid.NewGuid().ToString("N")[..10];
        try
        {
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", server);
            await create.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            var role = new NpgsqlConnectionStringBuilder(server.ConnectionString).Username ?? "the connecting role";
            throw new SchemaOperationException(
                $"db {purpose} builds the expected schema in a throwaway database, but role '{role}' may not create databases: " +
                $"grant it with ALTER ROLE \"{role}\" CREATEDB, or run this command with a role that has CREATEDB.", ex);
        }
        return new ThrowawayDatabase(server, name);
    }

    /// <summary><c>xbot_{purpose}_{six hex digits of the live database name's SHA-256}_</c>: every scratch database made for one live database starts with it.</summary>
    public static string NamePrefix(string purpose, string liveDatabase) =>
        $"xbot_{purpose}_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(liveDatabase)))[..6]}_";

    /// <summary>A new, unpooled connection to the scratch database, with the live connection's credentials.</summary>
    public async Task<NpgsqlConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var settings = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = Name, Pooling = false };
        // CloneWith keeps the password, which the data source's connection string no longer shows.
        var connection = _server.CloneWith(settings.ConnectionString);
        _opened.Add(connection);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var connection in _opened)
        {
            await connection.DisposeAsync();
        }
        // WITH (FORCE) ends any session still attached; not cancellable, so a cancelled run still cleans up.
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", _server);
        await drop.ExecuteNonQueryAsync(CancellationToken.None);
    }
}
