using Npgsql;

namespace XBot.Tests.Infrastructure;

/// <summary>Applies the product's embedded migrations to a test database (until the runner is wired in here).</summary>
public static class TestMigrations
{
    public static async Task ApplyAllAsync(string connectionString)
    {
        var assembly = typeof(XBot.Core.Configuration.XBotOptions).Assembly;
        var scripts = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("XBot.Migrations.V", StringComparison.Ordinal) && !n.EndsWith(".undo.sql", StringComparison.Ordinal))
            .OrderBy(n => Version.Parse(n["XBot.Migrations.V".Length..n.IndexOf("__", StringComparison.Ordinal)]));
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var script in scripts)
        {
            using var reader = new StreamReader(assembly.GetManifestResourceStream(script)!);
            await using var command = new NpgsqlCommand(await reader.ReadToEndAsync(), connection);
            await command.ExecuteNonQueryAsync();
        }
    }
}
