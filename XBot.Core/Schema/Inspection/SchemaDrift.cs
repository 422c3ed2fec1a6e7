using Npgsql;

namespace XBot.Core.Schema;

public enum DriftKind
{
    /// <summary>No journal at all: the database was never migrated or baselined.</summary>
    NotMigrated,

    /// <summary>An applied migration's file changed after it was applied.</summary>
    ChecksumMismatch,

    /// <summary>The journal has a version this build does not know (the database is newer than the app).</summary>
    UnknownApplied,

    /// <summary>A migration of this build is not applied yet.</summary>
    Pending,

    Missing,
    Extra,
    Changed,
}

public sealed record DriftItem(DriftKind Kind, string Subject, string Detail)
{
    public override string ToString() => Kind == DriftKind.NotMigrated ? $"not migrated: {Detail}" : $"{Kind switch
    {
        DriftKind.ChecksumMismatch => "edited migration",
        DriftKind.UnknownApplied => "unknown applied version",
        DriftKind.Pending => "pending migration",
        _ => Kind.ToString().ToLowerInvariant(),
    }} {Subject}: {Detail}";
}

public sealed record DriftReport(SchemaVersion? AppliedVersion, IReadOnlyList<DriftItem> Items)
{
    public bool HasDrift => Items.Count > 0;
}

/// <summary>
/// <c>db drift</c>: rebuilds the schema the journal's applied migrations define in a throwaway
/// database, then lists every difference from the live schema, with edited, unknown and pending
/// migrations. Any item is drift: the live database is not what this build's migrations say.
/// </summary>
public sealed class SchemaDrift(MigrationCatalogue catalogue, TimeProvider time)
{
    public async Task<DriftReport> DetectAsync(NpgsqlConnection live, CancellationToken cancellationToken)
    {
        var items = new List<DriftItem>();
        if (!await MigrationJournal.ExistsAsync(live, cancellationToken))
        {
            items.Add(new DriftItem(DriftKind.NotMigrated, "schema_migrations", "the database has no migration journal; run db migrate, or db baseline --version V for a database built by hand."));
        }
        var journal = await MigrationJournal.ReadAsync(live, cancellationToken);

        var known = new List<SchemaVersion>();
        foreach (var entry in journal)
        {
            if (catalogue.Find(entry.Version) is not { } migration)
            {
                items.Add(new DriftItem(DriftKind.UnknownApplied, $"{entry.Version} {entry.Name}", "applied, but this build has no such migration; its objects show up as extra below."));
                continue;
            }
            known.Add(entry.Version);
            if (migration.Checksum != entry.Checksum)
            {
                items.Add(new DriftItem(DriftKind.ChecksumMismatch, migration.FileName, $"applied with checksum {Short(entry.Checksum)}, the file now has {Short(migration.Checksum)}"));
            }
        }
        var applied = journal.Select(e => e.Version).ToHashSet();
        foreach (var pending in catalogue.Migrations.Where(m => !applied.Contains(m.Version)))
        {
            items.Add(new DriftItem(DriftKind.Pending, pending.FileName, "not applied yet; run db migrate."));
        }

        var expected = await ExpectedSchemaAsync(live, known, cancellationToken);
        var actual = await SchemaInspector.ReadAsync(live, cancellationToken);
        foreach (var difference in actual.CompareTo(expected))
        {
            var kind = difference.Change switch
            {
                SchemaChange.Missing => DriftKind.Missing,
                SchemaChange.Extra => DriftKind.Extra,
                _ => DriftKind.Changed,
            };
            var detail = difference.Change switch
            {
                SchemaChange.Missing => $"defined by the migrations, absent from the database ({difference.Expected})",
                SchemaChange.Extra => $"in the database, not in the migrations ({difference.Actual})",
                _ => $"the migrations define {difference.Expected}; the database has {difference.Actual}",
            };
            items.Add(new DriftItem(kind, $"{difference.Kind} {difference.Name}", detail));
        }

        return new DriftReport(applied.Count > 0 ? applied.Max() : null, items);
    }

    private static string Short(string checksum) => checksum.Length > 12 ? checksum[..12] + "…" : checksum;

    /// <summary>The schema <paramref name="versions"/> of this build's migrations produce, built in a throwaway database.</summary>
    private async Task<SchemaSnapshot> ExpectedSchemaAsync(NpgsqlConnection live, IReadOnlyList<SchemaVersion> versions, CancellationToken cancellationToken)
    {
        if (versions.Count == 0)
        {
            return SchemaSnapshot.Empty;
        }
        await using var scratch = await ThrowawayDatabase.CreateAsync(live, "drift", cancellationToken);
        var connection = await scratch.OpenAsync(cancellationToken);
        await new MigrationRunner(catalogue.Only(versions), time).MigrateAsync(connection, cancellationToken);
        return await SchemaInspector.ReadAsync(connection, cancellationToken);
    }
}
