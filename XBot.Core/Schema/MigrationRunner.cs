using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace XBot.Core.Schema;

/// <summary>One migration applied or undone, and how long it took.</summary>
public sealed record MigrationStep(SchemaVersion Version, string Name, long DurationMs);

public sealed record MigrateResult(IReadOnlyList<MigrationStep> Applied, SchemaVersion? SchemaVersion, bool WaitedForLock, IReadOnlyList<string> Warnings);

public sealed record RollbackResult(IReadOnlyList<MigrationStep> Undone, SchemaVersion? SchemaVersion, bool WaitedForLock);

public sealed record BaselineResult(IReadOnlyList<SchemaVersion> Marked, SchemaVersion SchemaVersion);

/// <summary>
/// Applies, undoes and baselines migrations of a <see cref="MigrationCatalogue"/>. Written here rather
/// than taken from Evolve/DbUp/FluentMigrator because we also need undo scripts, live-schema drift and
/// shadow runs on the same catalogue and journal (docs/schema.md). Every operation holds the
/// <see cref="MigrationLock"/>; each migration runs in its own transaction together with its journal
/// row and the <c>schema_version</c> setting, so a failure leaves the previous state intact.
/// </summary>
public sealed class MigrationRunner(MigrationCatalogue catalogue, TimeProvider time, ILogger<MigrationRunner>? logger = null)
{
    private readonly ILogger _logger = logger ?? NullLogger<MigrationRunner>.Instance;

    public MigrationCatalogue Catalogue => catalogue;

    /// <summary>Applies every migration of the catalogue that the journal does not have, oldest first.</summary>
    public async Task<MigrateResult> MigrateAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var migrationLock = await MigrationLock.AcquireAsync(connection, cancellationToken);
        await MigrationJournal.EnsureCreatedAsync(connection, cancellationToken);
        var journal = await MigrationJournal.ReadAsync(connection, cancellationToken);

        var warnings = new List<string>();
        foreach (var entry in journal)
        {
            if (catalogue.Find(entry.Version) is { } known && known.Checksum != entry.Checksum)
            {
                warnings.Add($"{known.FileName} was edited after it was applied (checksum differs); run db drift.");
            }
        }

        var applied = journal.Select(e => e.Version).ToHashSet();
        var steps = new List<MigrationStep>();
        foreach (var migration in catalogue.Migrations.Where(m => !applied.Contains(m.Version)))
        {
            var started = time.GetTimestamp();
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await ExecuteScriptAsync(connection, transaction, migration.Script, migration.FileName, cancellationToken);
                var duration = (long)time.GetElapsedTime(started).TotalMilliseconds;
                await MigrationJournal.AddAsync(
                    connection,
                    transaction,
                    new JournalEntry(migration.Version, migration.Name, migration.Checksum, time.GetUtcNow(), duration, Baseline: false),
                    cancellationToken);
                applied.Add(migration.Version);
                await SchemaVersionSetting.WriteAsync(connection, transaction, applied.Max(), cancellationToken);
                await transaction.CommitAsync(cancellationToken);
                steps.Add(new MigrationStep(migration.Version, migration.Name, duration));
            }
            _logger.LogInformation("Applied migration {Migration} in {DurationMs} ms", migration.FileName, steps[^1].DurationMs);
        }

        return new MigrateResult(steps, applied.Count > 0 ? applied.Max() : null, migrationLock.Waited, warnings);
    }

    /// <summary>Runs undo scripts, newest first, for what <paramref name="request"/> names.</summary>
    public async Task<RollbackResult> RollbackAsync(NpgsqlConnection connection, RollbackRequest request, CancellationToken cancellationToken)
    {
        await using var migrationLock = await MigrationLock.AcquireAsync(connection, cancellationToken);
        var journal = await MigrationJournal.ReadAsync(connection, cancellationToken);
        var plan = PlanRollback(journal, request);

        // Checked before anything runs, so a rollback that can't finish does not start.
        var missing = plan.Where(e => catalogue.Find(e.Version) is null).Select(e => e.Version.ToString()).ToList();
        if (missing.Count > 0)
        {
            throw new SchemaOperationException(
                $"this build has no undo script for {string.Join(", ", missing)} (the database is newer than the app); roll back with the build that applied it.");
        }

        var remaining = journal.Select(e => e.Version).ToHashSet();
        var steps = new List<MigrationStep>();
        foreach (var entry in plan)
        {
            var migration = catalogue.Find(entry.Version)!;
            var started = time.GetTimestamp();
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                await ExecuteScriptAsync(connection, transaction, migration.UndoScript, migration.UndoFileName, cancellationToken);
                await MigrationJournal.RemoveAsync(connection, transaction, migration.Version, cancellationToken);
                remaining.Remove(migration.Version);
                await SchemaVersionSetting.WriteAsync(connection, transaction, remaining.Count > 0 ? remaining.Max() : null, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }
            steps.Add(new MigrationStep(migration.Version, migration.Name, (long)time.GetElapsedTime(started).TotalMilliseconds));
            _logger.LogInformation("Undid migration {Migration}", migration.FileName);
        }

        return new RollbackResult(steps, remaining.Count > 0 ? remaining.Max() : null, migrationLock.Waited);
    }

    /// <summary>
    /// Marks a database whose schema was created some other way as being at <paramref name="version"/>:
    /// journal rows (baseline = true) for every migration up to it, without running them.
    /// </summary>
    public async Task<BaselineResult> BaselineAsync(NpgsqlConnection connection, SchemaVersion version, CancellationToken cancellationToken)
    {
        if (catalogue.Find(version) is null)
        {
            throw new SchemaInputException($"version {version} is not a migration of this build; known: {Known()}.");
        }

        await using var migrationLock = await MigrationLock.AcquireAsync(connection, cancellationToken);
        await MigrationJournal.EnsureCreatedAsync(connection, cancellationToken);
        var journal = await MigrationJournal.ReadAsync(connection, cancellationToken);
        if (journal.Count > 0)
        {
            throw new SchemaOperationException(
                $"the journal already has {journal.Count} migration(s), up to {journal[^1].Version}; baseline is only for a database that was never migrated.");
        }

        var marked = catalogue.Migrations.Where(m => m.Version <= version).ToList();
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        foreach (var migration in marked)
        {
            await MigrationJournal.AddAsync(
                connection,
                transaction,
                new JournalEntry(migration.Version, migration.Name, migration.Checksum, time.GetUtcNow(), 0, Baseline: true),
                cancellationToken);
        }
        await SchemaVersionSetting.WriteAsync(connection, transaction, version, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new BaselineResult([.. marked.Select(m => m.Version)], version);
    }

    /// <summary>The journal entries to undo, newest first; refuses requests that don't fit the journal.</summary>
    internal IReadOnlyList<JournalEntry> PlanRollback(IReadOnlyList<JournalEntry> journal, RollbackRequest request)
    {
        if (request.Steps is { } count)
        {
            if (journal.Count == 0)
            {
                throw new SchemaInputException("no migration is applied, so there is nothing to roll back.");
            }
            if (count > journal.Count)
            {
                throw new SchemaInputException($"--steps is {count}, but only {journal.Count} migration(s) are applied; use 1 to {journal.Count}.");
            }
            return [.. journal.Reverse().Take(count)];
        }

        var to = request.To!.Value;
        if (to != SchemaVersion.Zero && catalogue.Find(to) is null && journal.All(e => e.Version != to))
        {
            throw new SchemaInputException($"--to {to} is not a known migration version; use one of {Known()} or 0.0.0 for an empty database.");
        }
        return [.. journal.Where(e => e.Version > to).Reverse()];
    }

    private string Known() => catalogue.Migrations.Count == 0 ? "(none)" : string.Join(", ", catalogue.Migrations.Select(m => m.Version));

    private static async Task ExecuteScriptAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string script, string fileName, CancellationToken cancellationToken)
    {
        // No command timeout: a migration on a big table may take minutes; cancellation still stops it.
        await using var command = new NpgsqlCommand(script, connection, transaction) { CommandTimeout = 0 };
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException ex)
        {
            throw new SchemaOperationException($"{fileName} failed and was rolled back: {ex.SqlState} {ex.MessageText}", ex);
        }
    }
}
