using System.Text.RegularExpressions;
using Npgsql;

namespace XBot.Core.Schema;

/// <summary>One step of the shadow test and what it found.</summary>
public sealed record ShadowCheck(string Name, bool Passed, string Detail);

public sealed record ShadowReport(
    string Database,
    IReadOnlyList<ShadowCheck> Checks,
    IReadOnlyList<DestructiveStatement> DestructiveStatements,
    IReadOnlyList<string> Notes)
{
    public bool Passed => Checks.All(c => c.Passed);
}

/// <summary>
/// <c>db shadow</c> (runbooks.md §7), the pull-request gate: in a throwaway database, apply every
/// migration, run the smoke SQL in a transaction it rolls back, check every view the scripts create
/// exists, roll everything back, check nothing of the app is left, re-apply and check the schema is
/// identical to the first run; then drop the database. Destructive statements in forward scripts fail
/// it unless marked <c>-- destructive-ok: &lt;reason&gt;</c>.
/// </summary>
public sealed partial class SchemaShadowTest(MigrationCatalogue catalogue, TimeProvider time)
{
    public async Task<ShadowReport> RunAsync(NpgsqlConnection server, CancellationToken cancellationToken)
    {
        var checks = new List<ShadowCheck>();
        var notes = new List<string>();

        var destructive = DestructiveStatementScanner.Scan(catalogue);
        var blocking = destructive.Where(d => !d.Allowed).ToList();
        checks.Add(new ShadowCheck(
            "destructive statements",
            blocking.Count == 0,
            blocking.Count == 0
                ? destructive.Count == 0 ? "none" : $"{destructive.Count} marked destructive-ok"
                : string.Join("; ", blocking.Select(d => d.ToString())) + " (make it additive, or mark the line -- destructive-ok: <reason>)"));

        await using var scratch = await ThrowawayDatabase.CreateAsync(server, "shadow", cancellationToken);
        var connection = await scratch.OpenAsync(cancellationToken);
        var runner = new MigrationRunner(catalogue, time);
        try
        {
            var first = await runner.MigrateAsync(connection, cancellationToken);
            checks.Add(new ShadowCheck("migrate", true, $"applied {first.Applied.Count} migration(s), schema version {first.SchemaVersion?.ToString() ?? "none"}"));
            var migrated = await SchemaInspector.ReadAsync(connection, cancellationToken);

            checks.Add(await SmokeAsync(connection, cancellationToken));
            notes.AddRange(migrated.Names("table")
                .Where(t => !Regex.IsMatch(catalogue.SmokeSql, $@"\b{Regex.Escape(t)}\b", RegexOptions.IgnoreCase))
                .Select(t => $"table {t} is not exercised by the smoke SQL (Schema/Migrations/smoke.sql)."));

            var views = ViewDeclarations.Expected(catalogue);
            var missingViews = views.Except(migrated.Names("view")).ToList();
            checks.Add(new ShadowCheck(
                "views present",
                missingViews.Count == 0,
                missingViews.Count == 0 ? $"{views.Count} view(s) created by the migrations exist" : $"missing: {string.Join(", ", missingViews)}"));
            if (ReferenceEquals(catalogue, MigrationCatalogue.Embedded))
            {
                var missingRunbookViews = ViewDeclarations.Runbook.Except(migrated.Names("view")).ToList();
                checks.Add(new ShadowCheck(
                    "runbook views",
                    missingRunbookViews.Count == 0,
                    missingRunbookViews.Count == 0 ? $"the {ViewDeclarations.Runbook.Count} analytics views of runbooks §3 exist" : $"missing: {string.Join(", ", missingRunbookViews)}"));
            }

            var undone = await runner.RollbackAsync(connection, new RollbackRequest(null, SchemaVersion.Zero), cancellationToken);
            var left = await SchemaInspector.ReadAsync(connection, cancellationToken);
            var journalLeft = await MigrationJournal.ReadAsync(connection, cancellationToken);
            checks.Add(new ShadowCheck(
                "roll back all",
                left.Objects.Count == 0 && journalLeft.Count == 0,
                left.Objects.Count == 0 && journalLeft.Count == 0
                    ? $"undid {undone.Undone.Count} migration(s); no app objects left"
                    : $"left behind: {string.Join("; ", left.CompareTo(SchemaSnapshot.Empty).Select(d => $"{d.Kind} {d.Name}").Concat(journalLeft.Select(e => $"journal row {e.Version}")))}"));

            await runner.MigrateAsync(connection, cancellationToken);
            var remigrated = await SchemaInspector.ReadAsync(connection, cancellationToken);
            var differences = remigrated.CompareTo(migrated);
            checks.Add(new ShadowCheck(
                "re-migrate gives the same schema",
                differences.Count == 0,
                differences.Count == 0 ? $"{migrated.Objects.Count} objects identical" : string.Join("; ", differences)));
        }
        catch (SchemaOperationException ex)
        {
            checks.Add(new ShadowCheck("migrations run", false, ex.Message));
        }

        return new ShadowReport(scratch.Name, checks, destructive, notes);
    }

    private async Task<ShadowCheck> SmokeAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(catalogue.SmokeSql))
        {
            return new ShadowCheck("smoke SQL", true, "no smoke SQL in the catalogue");
        }
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(catalogue.SmokeSql, connection, transaction);
            await command.ExecuteNonQueryAsync(cancellationToken);
            return new ShadowCheck("smoke SQL", true, "ran and rolled back");
        }
        catch (PostgresException ex)
        {
            return new ShadowCheck("smoke SQL", false, $"{ex.SqlState} {ex.MessageText}");
        }
        finally
        {
            await transaction.RollbackAsync(CancellationToken.None);
        }
    }
}
