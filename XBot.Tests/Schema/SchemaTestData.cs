using Npgsql;
using XBot.Core.Schema;
using XBot.Tests.Infrastructure;

namespace XBot.Tests.Schema;

/// <summary>Catalogues built from the real embedded migrations plus in-memory ones, and database helpers.</summary>
internal static class SchemaTestData
{
    public static MigrationCatalogue Real => MigrationCatalogue.Embedded;

    public static SchemaVersion RealBaseline { get; } = new(1, 0, 0);

    /// <summary>A version after every real migration, so test migrations never collide with ones added later.</summary>
    public static SchemaVersion Later(int minorSteps = 1) => new(Real.Newest!.Value.Major, Real.Newest!.Value.Minor + minorSteps, 0);

    public static Dictionary<string, string> Files(MigrationCatalogue catalogue)
    {
        var files = new Dictionary<string, string> { [MigrationCatalogue.SmokeFileName] = catalogue.SmokeSql };
        foreach (var migration in catalogue.Migrations)
        {
            files[migration.FileName] = migration.Script;
            files[migration.UndoFileName] = migration.UndoScript;
        }
        return files;
    }

    /// <summary>The real migrations plus <paramref name="extra"/> (version, name, script, undo).</summary>
    public static MigrationCatalogue RealPlus(params (SchemaVersion Version, string Name, string Script, string Undo)[] extra)
    {
        var files = Files(Real);
        foreach (var (version, name, script, undo) in extra)
        {
            files[$"V{version}__{name}.sql"] = script;
            files[$"V{version}__{name}.undo.sql"] = undo;
        }
        return MigrationCatalogue.FromFiles(files);
    }

    /// <summary>The real baseline only, as a database created before any later migration existed.</summary>
    public static MigrationCatalogue BaselineOnly => Real.Only([RealBaseline]);

    public static MigrationRunner Runner(MigrationCatalogue catalogue) => new(catalogue, TimeProvider.System);

    public static Dictionary<string, string?> Settings(TestDatabase database, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:xbotdb"] = database.ConnectionString };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }
        return settings;
    }

    public static async Task<NpgsqlConnection> OpenAsync(TestDatabase database)
    {
        var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    public static async Task MigrateAsync(TestDatabase database, MigrationCatalogue catalogue)
    {
        await using var connection = await OpenAsync(database);
        await Runner(catalogue).MigrateAsync(connection, CancellationToken.None);
    }

    public static async Task ExecuteAsync(TestDatabase database, string sql)
    {
        await using var connection = await OpenAsync(database);
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The schema dump, the journal and the stored schema_version: everything a schema command may change.</summary>
    public static async Task<string> StateAsync(TestDatabase database)
    {
        await using var connection = await OpenAsync(database);
        var schema = await SchemaInspector.ReadAsync(connection, CancellationToken.None);
        var journal = await MigrationJournal.ReadAsync(connection, CancellationToken.None);
        var version = await SchemaVersionSetting.ReadAsync(connection, CancellationToken.None);
        return $"{schema.Dump()}\n--journal--\n{string.Join('\n', journal.Select(e => $"{e.Version} {e.Name} {e.Checksum} {e.Baseline}"))}\n--version-- {version}";
    }

    public static async Task<string> DumpAsync(TestDatabase database)
    {
        await using var connection = await OpenAsync(database);
        return (await SchemaInspector.ReadAsync(connection, CancellationToken.None)).Dump();
    }

    public static async Task<IReadOnlyList<JournalEntry>> JournalAsync(TestDatabase database)
    {
        await using var connection = await OpenAsync(database);
        return await MigrationJournal.ReadAsync(connection, CancellationToken.None);
    }

    public static async Task<string?> StoredVersionAsync(TestDatabase database)
    {
        await using var connection = await OpenAsync(database);
        return await SchemaVersionSetting.ReadAsync(connection, CancellationToken.None);
    }
}
