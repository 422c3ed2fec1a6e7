using Npgsql;
using XBot.Core.Schema;

namespace XBot.Tests.Infrastructure;

/// <summary>Applies the product's migrations to a test database with the product's own runner.</summary>
public static class TestMigrations
{
    public static async Task ApplyAllAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await new MigrationRunner(MigrationCatalogue.Embedded, TimeProvider.System).MigrateAsync(connection, CancellationToken.None);
    }
}
