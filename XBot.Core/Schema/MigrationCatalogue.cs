using System.Reflection;
using System.Text.RegularExpressions;

namespace XBot.Core.Schema;

/// <summary>
/// The migrations an app was built with, ordered by version. The product's catalogue is embedded in
/// XBot.Core (<see cref="Embedded"/>); tests build their own from in-memory files (<see cref="FromFiles"/>).
/// File names: <c>V&lt;major&gt;.&lt;minor&gt;.&lt;patch&gt;__&lt;name&gt;.sql</c>, each with a
/// <c>.undo.sql</c> twin, plus one optional <c>smoke.sql</c> for the shadow test.
/// </summary>
public sealed partial class MigrationCatalogue
{
    public const string ResourcePrefix = "XBot.Migrations.";
    public const string SmokeFileName = "smoke.sql";

    private static readonly Lazy<MigrationCatalogue> EmbeddedCatalogue = new(() => FromAssembly(typeof(MigrationCatalogue).Assembly));

    private MigrationCatalogue(IReadOnlyList<Migration> migrations, string smokeSql)
    {
        Migrations = migrations;
        SmokeSql = smokeSql;
    }

    /// <summary>The migrations embedded in XBot.Core (Schema/Migrations).</summary>
    public static MigrationCatalogue Embedded => EmbeddedCatalogue.Value;

    /// <summary>Oldest first.</summary>
    public IReadOnlyList<Migration> Migrations { get; }

    /// <summary>SQL the shadow test runs, inside a transaction it rolls back, after migrating.</summary>
    public string SmokeSql { get; }

    /// <summary>The newest migration's version: the default <c>APP_SCHEMA_VERSION</c>.</summary>
    public SchemaVersion? Newest => Migrations.Count > 0 ? Migrations[^1].Version : null;

    public Migration? Find(SchemaVersion version) => Migrations.FirstOrDefault(m => m.Version == version);

    /// <summary>The same catalogue restricted to <paramref name="versions"/> (those it knows).</summary>
    public MigrationCatalogue Only(IEnumerable<SchemaVersion> versions)
    {
        var wanted = versions.ToHashSet();
        return new MigrationCatalogue([.. Migrations.Where(m => wanted.Contains(m.Version))], SmokeSql);
    }

    public static MigrationCatalogue FromAssembly(Assembly assembly)
    {
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var resource in assembly.GetManifestResourceNames().Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream, detectEncodingFromByteOrderMarks: true);
            files[resource[ResourcePrefix.Length..]] = reader.ReadToEnd();
        }
        return FromFiles(files);
    }

    /// <summary>Builds a catalogue from file name → content, reporting every malformed or unpaired file at once.</summary>
    public static MigrationCatalogue FromFiles(IReadOnlyDictionary<string, string> files)
    {
        var problems = new List<string>();
        var forward = new Dictionary<SchemaVersion, (string Name, string Script)>();
        var undo = new Dictionary<SchemaVersion, (string Name, string Script)>();
        var smoke = "";

        foreach (var (file, content) in files.OrderBy(f => f.Key, StringComparer.Ordinal))
        {
            if (file == SmokeFileName)
            {
                smoke = content;
                continue;
            }
            var match = FileNamePattern().Match(file);
            if (!match.Success)
            {
                problems.Add($"'{file}' is not named V<major>.<minor>.<patch>__<name>.sql or .undo.sql.");
                continue;
            }
            var versionText = match.Groups["version"].Value;
            var name = match.Groups["name"].Value;
            if (!SchemaVersion.TryParse(versionText, out var version))
            {
                problems.Add($"'{file}': version '{versionText}' is not major.minor.patch (for example V1.2.0__add_arms.sql).");
                continue;
            }
            if (version == SchemaVersion.Zero)
            {
                problems.Add($"'{file}': 0.0.0 is reserved for the empty database.");
                continue;
            }
            if (!NamePattern().IsMatch(name))
            {
                problems.Add($"'{file}': name '{name}' must be letters, digits and single underscores.");
                continue;
            }
            var target = match.Groups["undo"].Success ? undo : forward;
            if (!target.TryAdd(version, (name, content)))
            {
                problems.Add($"'{file}': version {version} is used by another migration ('{target[version].Name}').");
            }
        }

        foreach (var (version, (name, _)) in forward)
        {
            if (!undo.TryGetValue(version, out var pair))
            {
                problems.Add($"V{version}__{name}.sql has no undo script V{version}__{name}.undo.sql.");
            }
            else if (pair.Name != name)
            {
                problems.Add($"V{version}__{name}.sql and its undo script V{version}__{pair.Name}.undo.sql have different names.");
            }
        }
        foreach (var (version, (name, _)) in undo.Where(u => !forward.ContainsKey(u.Key)))
        {
            problems.Add($"V{version}__{name}.undo.sql has no forward script.");
        }

        if (problems.Count > 0)
        {
            throw new MigrationCatalogueException(problems);
        }
        var migrations = forward
            .OrderBy(f => f.Key)
            .Select(f => new Migration(f.Key, f.Value.Name, f.Value.Script, undo[f.Key].Script))
            .ToList();
        return new MigrationCatalogue(migrations, smoke);
    }

    [GeneratedRegex(@"^V(?<version>.+?)__(?<name>.+?)(?<undo>\.undo)?\.sql$")]
    private static partial Regex FileNamePattern();

    [GeneratedRegex(@"^[A-Za-z0-9]+(_[A-Za-z0-9]+)*$")]
    private static partial Regex NamePattern();
}
