using System.Reflection;
using Npgsql;
using XBot.Core.Configuration;

namespace XBot.Tests.Storage;

/// <summary>
/// Applies every embedded forward migration (<c>XBot.Migrations.V*.sql</c>, not <c>.undo.sql</c>) in
/// version order. A stand-in until the migration runner lands; it keeps no journal.
/// </summary>
public static class TestSchema
{
    public static async Task ApplyAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        foreach (var (name, sql) in ForwardMigrations())
        {
            await using var command = new NpgsqlCommand(sql, connection);
            try
            {
                await command.ExecuteNonQueryAsync();
            }
            catch (PostgresException ex)
            {
                throw new InvalidOperationException($"Migration {name} failed: {ex.MessageText}", ex);
            }
        }
    }

    public static IReadOnlyList<(string Name, string Sql)> ForwardMigrations()
    {
        var assembly = typeof(XBotOptions).Assembly;
        return
        [
            .. assembly.GetManifestResourceNames()
                .Where(n => n.StartsWith("XBot.Migrations.V", StringComparison.Ordinal)
                    && n.EndsWith(".sql", StringComparison.Ordinal)
                    && !n.EndsWith(".undo.sql", StringComparison.Ordinal))
                .Select(n => (Name: n, Version: VersionOf(n)))
                .OrderBy(m => m.Version)
                .Select(m => (m.Name, Read(assembly, m.Name))),
        ];
    }

    private static Version VersionOf(string resource)
    {
        // XBot.Migrations.V1.1.0__name.sql -> 1.1.0
        var text = resource["XBot.Migrations.V".Length..];
        return Version.Parse(text[..text.IndexOf("__", StringComparison.Ordinal)]);
    }

    private static string Read(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)!;
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
