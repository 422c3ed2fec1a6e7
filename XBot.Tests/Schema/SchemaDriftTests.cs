using System.Text.Json;
using Npgsql;
using XBot.Core.Schema;
using XBot.Tests.Infrastructure;
using static XBot.Tests.Schema.SchemaTestData;

namespace XBot.Tests.Schema;

[Collection(InfrastructureCollection.Name)]
public sealed class SchemaDriftTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task A_freshly_migrated_database_has_no_drift()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await MigrateAsync(database, Real);

        var result = await CliRunner.RunAsync(Settings(database), "db", "drift");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"No drift: the schema matches the migrations up to {Real.Newest}", result.Stdout);
        Assert.Empty(await ThrowawayDatabasesAsync(database));
    }

    [Fact]
    public async Task An_applied_migration_whose_checksum_no_longer_matches_is_drift()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await MigrateAsync(database, Real);
        await ExecuteAsync(database, "UPDATE schema_migrations SET checksum = repeat('0', 64) WHERE version = '1.0.0'");

        var result = await CliRunner.RunAsync(Settings(database), "db", "drift");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("edited migration V1.0.0__baseline.sql: applied with checksum 000000000000…", result.Stdout);
    }

    [Fact]
    public async Task A_migration_edited_after_it_was_applied_is_drift_and_so_is_what_the_edit_changed()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await MigrateAsync(database, RealPlus((Later(), "add_score", "ALTER TABLE tweets ADD COLUMN probe_score int NULL;", "ALTER TABLE tweets DROP COLUMN probe_score;")));
        var edited = RealPlus((Later(), "add_score", "ALTER TABLE tweets ADD COLUMN probe_score bigint NULL;", "ALTER TABLE tweets DROP COLUMN probe_score;"));

        var report = await DetectAsync(database, edited);

        Assert.Contains(report.Items, i => i.Kind == DriftKind.ChecksumMismatch && i.Subject == $"V{Later()}__add_score.sql");
        var changed = Assert.Single(report.Items, i => i.Kind == DriftKind.Changed);
        Assert.Equal("column tweets.probe_score", changed.Subject);
        Assert.Contains("the migrations define bigint null; the database has integer null", changed.Detail);
    }

    [Fact]
    public async Task A_hand_made_column_is_drift_with_machine_readable_items()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await MigrateAsync(database, Real);
        await ExecuteAsync(database, "ALTER TABLE tweets ADD COLUMN x int");

        var result = await CliRunner.RunAsync(Settings(database), "db", "drift", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("drift").GetBoolean());
        var item = Assert.Single(json.RootElement.GetProperty("items").EnumerateArray());
        Assert.Equal(("extra", "column tweets.x"), (item.GetProperty("kind").GetString(), item.GetProperty("subject").GetString()));
        Assert.Contains("integer null", item.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task A_dropped_index_is_drift()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await MigrateAsync(database, Real);
        await ExecuteAsync(database, "DROP INDEX ix_tweets_posted_at");

        var result = await CliRunner.RunAsync(Settings(database), "db", "drift");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("missing index ix_tweets_posted_at: defined by the migrations, absent from the database (CREATE INDEX ix_tweets_posted_at", result.Stdout);
        Assert.Contains("Drift: 1 difference(s)", result.Stdout);
    }

    [Fact]
    public async Task Every_kind_of_schema_difference_is_listed()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        // Own tables, so that later real migrations (views over the baseline tables) can't get in the way.
        var catalogue = RealPlus((Later(), "probe", """
            CREATE TABLE drift_probe (a int NULL, b text NOT NULL DEFAULT 'x', c int CONSTRAINT ck_drift_probe_c CHECK (c > 0));
            CREATE TABLE drift_gone (id int);
            """, "DROP TABLE drift_gone; DROP TABLE drift_probe;"));
        await MigrateAsync(database, catalogue);
        await ExecuteAsync(database, """
            ALTER TABLE drift_probe ALTER COLUMN a SET NOT NULL;
            ALTER TABLE drift_probe ALTER COLUMN b DROP DEFAULT;
            ALTER TABLE drift_probe ALTER COLUMN c TYPE bigint;
            ALTER TABLE drift_probe DROP CONSTRAINT ck_drift_probe_c;
            CREATE INDEX ix_by_hand ON drift_probe (a);
            CREATE VIEW vw_by_hand AS SELECT a FROM drift_probe;
            CREATE TABLE by_hand (id int);
            DROP TABLE drift_gone;
            """);

        var report = await DetectAsync(database, catalogue);

        Assert.Equal(
            [
                "Changed column drift_probe.a",
                "Changed column drift_probe.b",
                "Changed column drift_probe.c",
                "Extra index ix_by_hand",
                "Extra table by_hand",
                "Extra view vw_by_hand",
                "Missing constraint drift_probe.ck_drift_probe_c",
                "Missing table drift_gone",
            ],
            report.Items.Select(i => $"{i.Kind} {i.Subject}").Order(StringComparer.Ordinal));
        Assert.Equal(
            "the migrations define integer null; the database has integer not null",
            report.Items.Single(i => i.Subject == "column drift_probe.a").Detail);
    }

    [Fact]
    public async Task Pending_and_unknown_applied_migrations_are_drift()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await MigrateAsync(database, Real);
        var newer = RealPlus((Later(), "add_arms", "CREATE TABLE probe_arms (id int);", "DROP TABLE probe_arms;"));

        var pending = await DetectAsync(database, newer);
        Assert.Equal([(DriftKind.Pending, $"V{Later()}__add_arms.sql")], pending.Items.Select(i => (i.Kind, i.Subject)));

        await MigrateAsync(database, newer);
        var unknown = await DetectAsync(database, Real);
        Assert.Equal(
            [(DriftKind.UnknownApplied, $"{Later()} add_arms"), (DriftKind.Extra, "table probe_arms")],
            unknown.Items.Select(i => (i.Kind, i.Subject)));
    }

    [Fact]
    public async Task A_database_built_by_hand_without_a_journal_is_drift()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await ExecuteAsync(database, Real.Find(RealBaseline)!.Script);

        var report = await DetectAsync(database, Real);

        Assert.Equal(DriftKind.NotMigrated, report.Items[0].Kind);
        Assert.Contains("db baseline --version V", report.Items[0].Detail);
        Assert.Contains(report.Items, i => i is { Kind: DriftKind.Extra, Subject: "table tweets" });
    }

    [Fact]
    public async Task The_throwaway_database_is_dropped_when_building_the_expected_schema_fails()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await MigrateAsync(database, RealPlus((Later(), "add_arms", "CREATE TABLE probe_arms (id int);", "DROP TABLE probe_arms;")));
        var broken = RealPlus((Later(), "add_arms", "CREATE TABLE probe_arms (id int REFERENCES nowhere (id));", "DROP TABLE probe_arms;"));

        var error = await Assert.ThrowsAsync<SchemaOperationException>(() => DetectAsync(database, broken));

        Assert.Contains("add_arms.sql failed", error.Message);
        Assert.Empty(await ThrowawayDatabasesAsync(database));
    }

    [Fact]
    public async Task Drift_without_the_CREATEDB_privilege_says_how_to_grant_it()
    {
        var role = $"r_{Guid.NewGuid():N}"[..14];
        await using (var database = await infrastructure.CreateDatabaseAsync())
        {
            await MigrateAsync(database, Real);
            await ExecuteAsync(database, $"CREATE ROLE {role} LOGIN PASSWORD 'pw-{role}' NOCREATEDB; GRANT SELECT ON ALL TABLES IN SCHEMA public TO {role};");
            var settings = new Dictionary<string, string?>
            {
                ["ConnectionStrings:xbotdb"] = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Username = role, Password = $"pw-{role}" }.ConnectionString,
            };

            var result = await CliRunner.RunAsync(settings, "db", "drift");

            Assert.Equal(1, result.ExitCode);
            Assert.Contains($"role '{role}' may not create databases: grant it with ALTER ROLE \"{role}\" CREATEDB", result.Stderr);
            await ExecuteAsync(database, $"DROP OWNED BY {role}");
        }
        await using var admin = new NpgsqlConnection(infrastructure.AdminConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP ROLE {role}", admin);
        await drop.ExecuteNonQueryAsync();
    }

    private static async Task<DriftReport> DetectAsync(TestDatabase database, MigrationCatalogue catalogue)
    {
        await using var connection = await OpenAsync(database);
        return await new SchemaDrift(catalogue, TimeProvider.System).DetectAsync(connection, CancellationToken.None);
    }

    /// <summary>
    /// Scratch databases made for this test's database only: other test classes run drift and shadow checks on the same
    /// server at the same time, and theirs may exist for a moment.
    /// </summary>
    private async Task<List<string>> ThrowawayDatabasesAsync(TestDatabase database)
    {
        var live = new NpgsqlConnectionStringBuilder(database.ConnectionString).Database!;
        await using var admin = new NpgsqlConnection(infrastructure.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT datname FROM pg_database WHERE starts_with(datname, $1) OR starts_with(datname, $2)", admin)
        {
            Parameters = { new() { Value = ThrowawayDatabase.NamePrefix("drift", live) }, new() { Value = ThrowawayDatabase.NamePrefix("shadow", live) } },
        };
        await using var reader = await command.ExecuteReaderAsync();
        var names = new List<string>();
        while (await reader.ReadAsync())
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }
}
