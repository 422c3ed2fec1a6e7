using Npgsql;
using XBot.Core.Schema;
using XBot.Tests.Infrastructure;
using static XBot.Tests.Schema.SchemaTestData;

namespace XBot.Tests.Schema;

[Collection(InfrastructureCollection.Name)]
public sealed class MigrationRunnerTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task Migrate_from_empty_roll_back_to_empty_and_migrate_again_gives_an_identical_schema()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        var settings = Settings(database);

        var first = await CliRunner.RunAsync(settings, "db", "migrate");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains($"Applied {Real.Migrations.Count} migration(s)", first.Stdout);
        var migrated = await DumpAsync(database);
        Assert.Contains("table tweets: table", migrated);
        Assert.Contains("index ix_tweets_posted_at: CREATE INDEX ix_tweets_posted_at ON public.tweets USING btree (posted_at DESC)", migrated);
        var journal = await JournalAsync(database);
        Assert.Equal(Real.Migrations.Select(m => (m.Version, m.Name, m.Checksum, false)), journal.Select(e => (e.Version, e.Name, e.Checksum, e.Baseline)));
        Assert.All(journal, e => Assert.True(e.DurationMs >= 0));
        Assert.Equal(Real.Newest.ToString(), await StoredVersionAsync(database));

        var rollback = await CliRunner.RunAsync(settings, "db", "rollback", "--to", "0.0.0");
        Assert.True(rollback.ExitCode == 0, rollback.ToString());
        Assert.Contains($"Undid {Real.Migrations.Count} migration(s)", rollback.Stdout);
        Assert.Equal("", await DumpAsync(database));
        Assert.Empty(await JournalAsync(database));
        Assert.Null(await StoredVersionAsync(database));

        var again = await CliRunner.RunAsync(settings, "db", "migrate");
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Equal(migrated, await DumpAsync(database));

        var nothing = await CliRunner.RunAsync(settings, "db", "migrate");
        Assert.Contains($"Nothing to apply; schema version {Real.Newest}", nothing.Stdout);
    }

    [Fact]
    public async Task Rollback_undoes_newest_first_and_keeps_schema_version_on_the_newest_applied()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        var catalogue = RealPlus(
            (Later(1), "add_score", "ALTER TABLE tweets ADD COLUMN probe_score double precision NULL;", "ALTER TABLE tweets DROP COLUMN probe_score;"),
            (Later(2), "add_arms", "CREATE TABLE probe_arms (id bigint PRIMARY KEY, name text NOT NULL);", "DROP TABLE probe_arms;"));
        var runner = Runner(catalogue);
        await using var connection = await OpenAsync(database);
        await runner.MigrateAsync(connection, CancellationToken.None);

        var one = await runner.RollbackAsync(connection, RollbackRequest.Parse(1, null), CancellationToken.None);

        Assert.Equal([Later(2)], one.Undone.Select(s => s.Version));
        Assert.Equal(Later(1), one.SchemaVersion);
        Assert.Equal(Later(1).ToString(), await StoredVersionAsync(database));
        Assert.DoesNotContain("table probe_arms", await DumpAsync(database));
        Assert.Contains("column tweets.probe_score", await DumpAsync(database));

        var toBaseline = await runner.RollbackAsync(connection, RollbackRequest.Parse(null, "1.0.0"), CancellationToken.None);

        Assert.Equal(catalogue.Migrations.Where(m => m.Version > RealBaseline && m.Version < Later(2)).Select(m => m.Version).Reverse(), toBaseline.Undone.Select(s => s.Version));
        Assert.Equal(["1.0.0"], (await JournalAsync(database)).Select(e => e.Version.ToString()));
        Assert.Equal("1.0.0", await StoredVersionAsync(database));
    }

    [Fact]
    public async Task Two_concurrent_migrators_take_turns_and_apply_each_migration_once()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await using var holder = await OpenAsync(database);
        await using var first = await OpenAsync(database);
        await using var second = await OpenAsync(database);

        // Hold the lock so that both migrators are certainly waiting at once, then let them go.
        await Scalar(holder, $"SELECT pg_advisory_lock({MigrationLock.Key})");
        var a = Task.Run(() => Runner(Real).MigrateAsync(first, CancellationToken.None));
        var b = Task.Run(() => Runner(Real).MigrateAsync(second, CancellationToken.None));
        var deadline = Deadline.Minutes(1);
        while ((long)(await Scalar(holder, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"))! < 2)
        {
            Assert.False(deadline.IsCancellationRequested, "both migrators should be waiting for the lock");
            await Task.Delay(50, CancellationToken.None);
        }
        await Scalar(holder, $"SELECT pg_advisory_unlock({MigrationLock.Key})");
        var results = await Task.WhenAll(a, b);

        Assert.All(results, r => Assert.True(r.WaitedForLock));
        Assert.Equal([0, Real.Migrations.Count], results.Select(r => r.Applied.Count).Order());
        Assert.All(results, r => Assert.Equal(Real.Newest, r.SchemaVersion));
        Assert.Equal(Real.Migrations.Select(m => m.Version), (await JournalAsync(database)).Select(e => e.Version));
    }

    [Fact]
    public async Task Baseline_marks_a_hand_made_database_and_migrate_then_applies_only_later_migrations()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await ExecuteAsync(database, Real.Find(RealBaseline)!.Script);
        var catalogue = RealPlus((Later(), "add_hash", "ALTER TABLE tweets ADD COLUMN probe_hash text NULL;", "ALTER TABLE tweets DROP COLUMN probe_hash;"));
        var runner = Runner(catalogue);
        await using var connection = await OpenAsync(database);

        var baseline = await runner.BaselineAsync(connection, RealBaseline, CancellationToken.None);
        Assert.Equal([RealBaseline], baseline.Marked);
        var marked = Assert.Single(await JournalAsync(database));
        Assert.Equal((RealBaseline, true, Real.Find(RealBaseline)!.Checksum), (marked.Version, marked.Baseline, marked.Checksum));
        Assert.Equal("1.0.0", await StoredVersionAsync(database));

        var migrate = await runner.MigrateAsync(connection, CancellationToken.None);

        Assert.Equal(catalogue.Migrations.Where(m => m.Version > RealBaseline).Select(m => m.Version), migrate.Applied.Select(s => s.Version));
        Assert.Equal(Later().ToString(), await StoredVersionAsync(database));
        Assert.Contains("column tweets.probe_hash", await DumpAsync(database));
    }

    [Fact]
    public async Task Baseline_through_the_CLI_refuses_a_database_that_already_has_a_journal()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await ExecuteAsync(database, Real.Find(RealBaseline)!.Script);
        var settings = Settings(database);

        var first = await CliRunner.RunAsync(settings, "db", "baseline", "--version", "1.0.0");
        Assert.True(first.ExitCode == 0, first.ToString());
        Assert.Contains("Marked 1.0.0 as applied (not run)", first.Stdout);
        var before = await StateAsync(database);

        var second = await CliRunner.RunAsync(settings, "db", "baseline", "--version", "1.0.0");

        Assert.Equal(1, second.ExitCode);
        Assert.Contains("already has 1 migration(s)", second.Stderr);
        Assert.Equal(before, await StateAsync(database));
    }

    [Fact]
    public async Task A_failing_migration_is_rolled_back_whole_and_the_error_names_the_file()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        var catalogue = RealPlus((Later(), "broken", "ALTER TABLE tweets ADD COLUMN half_done int; SELECT * FROM no_such_table;", "SELECT 1;"));
        await using var connection = await OpenAsync(database);

        var error = await Assert.ThrowsAsync<SchemaOperationException>(() => Runner(catalogue).MigrateAsync(connection, CancellationToken.None));

        Assert.Contains($"V{Later()}__broken.sql failed and was rolled back", error.Message);
        Assert.Contains("no_such_table", error.Message);
        Assert.DoesNotContain("half_done", await DumpAsync(database));
        Assert.Equal(Real.Migrations.Select(m => m.Version), (await JournalAsync(database)).Select(e => e.Version));
        Assert.Equal(Real.Newest.ToString(), await StoredVersionAsync(database));
    }

    [Theory]
    [InlineData("--steps is 0; use a whole number of at least 1", "db", "rollback", "--steps", "0")]
    [InlineData("--steps is -2; use a whole number of at least 1", "db", "rollback", "--steps", "-2")]
    [InlineData("not both", "db", "rollback", "--steps", "1", "--to", "1.0.0")]
    [InlineData("give --steps N", "db", "rollback")]
    [InlineData("--to '1.0' is not a schema version; use major.minor.patch", "db", "rollback", "--to", "1.0")]
    [InlineData("--to 7.7.7 is not a known migration version", "db", "rollback", "--to", "7.7.7")]
    [InlineData("--steps is 99, but only", "db", "rollback", "--steps", "99")]
    [InlineData("--version 'banana' is not a schema version", "db", "baseline", "--version", "banana")]
    [InlineData("--version '1.2' is not a schema version", "db", "baseline", "--version", "1.2")]
    [InlineData("version 9.9.9 is not a migration of this build", "db", "baseline", "--version", "9.9.9")]
    [InlineData("abc", "db", "rollback", "--steps", "abc")]
    [InlineData("--version", "db", "baseline")]
    public async Task Bad_input_through_the_CLI_exits_2_with_a_clear_message_and_changes_nothing(string message, params string[] args)
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await MigrateAsync(database, Real);
        var before = await StateAsync(database);

        var result = await CliRunner.RunAsync(Settings(database), args);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(message, result.Stderr);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Equal(before, await StateAsync(database));
    }

    [Fact]
    public async Task Bad_input_with_json_is_one_json_error_document()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();

        var result = await CliRunner.RunAsync(Settings(database), "db", "rollback", "--steps", "0", "--json");

        Assert.Equal(2, result.ExitCode);
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Contains("--steps is 0", json.RootElement.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Migrate_with_json_reports_what_it_applied()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();

        var result = await CliRunner.RunAsync(Settings(database), "db", "migrate", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = System.Text.Json.JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(Real.Newest.ToString(), json.RootElement.GetProperty("schemaVersion").GetString());
        Assert.Equal("1.0.0", json.RootElement.GetProperty("applied")[0].GetProperty("version").GetString());
    }

    private static async Task<object?> Scalar(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }
}
