using System.CommandLine;
using System.Globalization;
using Npgsql;
using XBot.Core.Schema;

namespace XBot.Worker.Cli;

/// <summary>Schema lifecycle verbs: <c>db migrate|rollback|baseline|drift|shadow|guard</c> (runbooks.md §7, docs/schema.md).</summary>
public static class DbCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var db = new Command("db", "Schema migrations, drift, shadow test, guard, and the database overview.");
        db.Subcommands.Add(Migrate(context));
        db.Subcommands.Add(Rollback(context));
        db.Subcommands.Add(Baseline(context));
        db.Subcommands.Add(Drift(context));
        db.Subcommands.Add(Shadow(context));
        db.Subcommands.Add(Guard(context));
        db.Subcommands.Add(InsightCommands.DatabaseOverview(context));
        return [db];
    }

    private static Command Migrate(CliContext context)
    {
        var command = new Command("migrate", "Apply every pending migration, each in its own transaction, under an advisory lock.");
        command.SetAction((parse, ct) => RunAsync(context, parse, ct, async (services, output, connection, token) =>
        {
            var result = await services.GetRequiredService<MigrationRunner>().MigrateAsync(connection, token);
            var lines = new List<string>();
            lines.AddRange(result.Warnings.Select(w => $"warning: {w}"));
            if (result.WaitedForLock)
            {
                lines.Add("Waited for another migrator to finish.");
            }
            lines.Add(result.Applied.Count == 0
                ? $"Nothing to apply; schema version {Show(result.SchemaVersion)}."
                : $"Applied {result.Applied.Count} migration(s): {Steps(result.Applied)}. Schema version {Show(result.SchemaVersion)}.");
            output.Result(new { ok = true, result.Applied, result.SchemaVersion, result.WaitedForLock, result.Warnings }, string.Join(Environment.NewLine, lines));
            return 0;
        }));
        return command;
    }

    private static Command Rollback(CliContext context)
    {
        var steps = new Option<int?>("--steps")
        {
            Description = "Undo the newest N applied migrations.",
            // The library's own message names the CLR type (System.Nullable`1[System.Int32]).
            CustomParser = result =>
            {
                var token = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
                if (int.TryParse(token, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var count))
                {
                    return count;
                }
                result.AddError($"--steps must be a whole number of migrations to undo, such as 1; got '{token}'.");
                return null;
            },
        };
        var to = new Option<string?>("--to") { Description = "Undo every applied migration newer than VERSION (0.0.0 undoes all)." };
        var command = new Command("rollback", "Run undo scripts, newest first: --steps N or --to VERSION.");
        command.Options.Add(steps);
        command.Options.Add(to);
        command.SetAction((parse, ct) => RunAsync(context, parse, ct, async (services, output, connection, token) =>
        {
            var result = await services.GetRequiredService<MigrationRunner>().RollbackAsync(connection, RollbackRequest.Parse(parse.GetValue(steps), parse.GetValue(to)), token);
            var text = result.Undone.Count == 0
                ? $"Nothing to undo; schema version {Show(result.SchemaVersion)}."
                : $"Undid {result.Undone.Count} migration(s): {Steps(result.Undone)}. Schema version {Show(result.SchemaVersion)}.";
            output.Result(new { ok = true, result.Undone, result.SchemaVersion, result.WaitedForLock }, text);
            return 0;
        }, validate: () => RollbackRequest.Parse(parse.GetValue(steps), parse.GetValue(to))));
        return command;
    }

    private static Command Baseline(CliContext context)
    {
        var version = new Option<string>("--version") { Description = "The version the existing schema is at.", Required = true };
        var command = new Command("baseline", "Mark a database whose schema already exists as being at VERSION, without running migrations.");
        command.Options.Add(version);
        command.SetAction((parse, ct) => RunAsync(context, parse, ct, async (services, output, connection, token) =>
        {
            var result = await services.GetRequiredService<MigrationRunner>().BaselineAsync(connection, SchemaVersion.Parse(parse.GetValue(version), "--version"), token);
            output.Result(
                new { ok = true, result.Marked, result.SchemaVersion },
                $"Marked {string.Join(", ", result.Marked)} as applied (not run); schema version {result.SchemaVersion}. Run db drift to check the schema really matches.");
            return 0;
        }, validate: () => SchemaVersion.Parse(parse.GetValue(version), "--version")));
        return command;
    }

    private static Command Drift(CliContext context)
    {
        var command = new Command("drift", "Compare the live schema and the journal with the migrations; exit 1 on any difference.");
        command.SetAction((parse, ct) => RunAsync(context, parse, ct, async (services, output, connection, token) =>
        {
            var report = await services.GetRequiredService<SchemaDrift>().DetectAsync(connection, token);
            var text = report.HasDrift
                ? $"Drift: {report.Items.Count} difference(s) (applied version {Show(report.AppliedVersion)}):{Environment.NewLine}" +
                  string.Join(Environment.NewLine, report.Items.Select(i => $"  {i}"))
                : $"No drift: the schema matches the migrations up to {Show(report.AppliedVersion)}, checksums match, nothing pending.";
            output.Result(new { ok = !report.HasDrift, drift = report.HasDrift, report.AppliedVersion, report.Items }, text);
            return report.HasDrift ? 1 : 0;
        }));
        return command;
    }

    private static Command Shadow(CliContext context)
    {
        var command = new Command("shadow", "Migrate, smoke-test, roll back and re-migrate a throwaway database; flag destructive statements.");
        command.SetAction((parse, ct) => RunAsync(context, parse, ct, async (services, output, connection, token) =>
        {
            var report = await services.GetRequiredService<SchemaShadowTest>().RunAsync(connection, token);
            var lines = new List<string> { report.Passed ? $"Shadow test passed ({report.Database}, dropped)." : $"Shadow test FAILED ({report.Database}, dropped)." };
            lines.AddRange(report.Checks.Select(c => $"  {(c.Passed ? "ok  " : "FAIL")} {c.Name}: {c.Detail}"));
            lines.AddRange(report.DestructiveStatements.Where(d => d.Allowed).Select(d => $"  note: {d}"));
            lines.AddRange(report.Notes.Select(n => $"  note: {n}"));
            output.Result(new { ok = report.Passed, report.Database, report.Checks, report.DestructiveStatements, report.Notes }, string.Join(Environment.NewLine, lines));
            return report.Passed ? 0 : 1;
        }));
        return command;
    }

    private static Command Guard(CliContext context)
    {
        var command = new Command("guard", "Evaluate the schema guard: APP_SCHEMA_VERSION against the database's schema_version.");
        command.SetAction((parse, ct) => RunAsync(context, parse, ct, async (services, output, _, token) =>
        {
            var result = await services.GetRequiredService<SchemaGuardCheck>().EvaluateAsync(token);
            output.Result(
                new { ok = result.IsCompatible, result.Verdict, result.AppVersion, result.DatabaseVersion, result.Message },
                $"{(result.IsCompatible ? "compatible" : "INCOMPATIBLE")} ({result.Verdict}): {result.Message}");
            return result.IsCompatible ? 0 : 1;
        }));
        return command;
    }

    /// <summary>
    /// Runs a db verb: input is validated before any connection is made, the schema layer's own
    /// failures become one-line errors (bad input exit 2, anything else 1).
    /// </summary>
    private static Task<int> RunAsync(
        CliContext context,
        ParseResult parse,
        CancellationToken cancellationToken,
        Func<IServiceProvider, CliOutput, NpgsqlConnection, CancellationToken, Task<int>> body,
        Action? validate = null) =>
        context.RunAsync(
            parse,
            async (services, output, ct) =>
            {
                try
                {
                    validate?.Invoke();
                    await using var connection = await services.GetRequiredService<NpgsqlDataSource>().OpenConnectionAsync(ct);
                    return await body(services, output, connection, ct);
                }
                catch (SchemaInputException ex)
                {
                    throw new CliException(ex.Message, 2);
                }
                catch (Exception ex) when (ex is SchemaOperationException or MigrationCatalogueException or SchemaGuardException)
                {
                    throw new CliException(ex.Message, 1);
                }
            },
            redis: false,
            database: true,
            cancellationToken);

    private static string Steps(IEnumerable<MigrationStep> steps) =>
        string.Join(", ", steps.Select(s => $"{s.Version} {s.Name} ({s.DurationMs} ms)"));

    private static string Show(SchemaVersion? version) => version?.ToString() ?? "none";
}
