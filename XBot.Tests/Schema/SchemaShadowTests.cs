using System.Text.Json;
using Npgsql;
using XBot.Core.Schema;
using XBot.Tests.Infrastructure;
using static XBot.Tests.Schema.SchemaTestData;

namespace XBot.Tests.Schema;

[Collection(InfrastructureCollection.Name)]
public sealed class SchemaShadowTests(InfrastructureFixture infrastructure)
{
    [Fact]
    public async Task The_real_migrations_pass_the_shadow_test_and_the_throwaway_database_is_dropped()
    {
        await using var database = await infrastructure.CreateDatabaseAsync();

        var result = await CliRunner.RunAsync(Settings(database), "db", "shadow", "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        Assert.Equal(
            ["destructive statements", "migrate", "smoke SQL", "views present", "runbook views", "roll back all", "re-migrate gives the same schema"],
            json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Empty(json.RootElement.GetProperty("notes").EnumerateArray());
        Assert.False(await DatabaseExistsAsync(json.RootElement.GetProperty("database").GetString()!));
        Assert.Equal("", await DumpAsync(database));
    }

    [Fact]
    public async Task A_destructive_statement_fails_the_shadow_test_naming_file_line_and_kind()
    {
        var catalogue = WithDroppedColumn("-- cleanup\nALTER TABLE shadow_probe DROP COLUMN legacy;");

        var report = await ShadowAsync(catalogue);

        Assert.False(report.Passed);
        var check = Assert.Single(report.Checks, c => !c.Passed);
        Assert.Equal("destructive statements", check.Name);
        Assert.Contains($"V{Later(2)}__drop_legacy.sql:2: DROP COLUMN: ALTER TABLE shadow_probe DROP COLUMN legacy", check.Detail);
        Assert.Contains("-- destructive-ok: <reason>", check.Detail);
    }

    [Fact]
    public async Task The_same_statement_marked_destructive_ok_passes_and_is_reported()
    {
        var catalogue = WithDroppedColumn("ALTER TABLE shadow_probe DROP COLUMN legacy; -- destructive-ok: never written since 0.3");

        var report = await ShadowAsync(catalogue);

        Assert.True(report.Passed, string.Join("; ", report.Checks));
        var marked = Assert.Single(report.DestructiveStatements, d => d.File == $"V{Later(2)}__drop_legacy.sql");
        Assert.Equal("never written since 0.3", marked.AllowedBecause);
    }

    [Fact]
    public async Task Views_the_migrations_create_are_checked()
    {
        var catalogue = RealPlus((Later(), "shadow_view", "CREATE VIEW vw_shadow_probe AS SELECT id, content FROM tweets WHERE posted_at > now() - interval '7 days';", "DROP VIEW vw_shadow_probe;"));
        var views = ViewDeclarations.Expected(catalogue);
        Assert.Contains("vw_shadow_probe", views);

        var report = await ShadowAsync(catalogue);

        Assert.True(report.Passed, string.Join("; ", report.Checks));
        Assert.Equal($"{views.Count} view(s) created by the migrations exist", Assert.Single(report.Checks, c => c.Name == "views present").Detail);
    }

    [Fact]
    public async Task A_view_lost_by_a_later_migration_fails_the_views_check()
    {
        var catalogue = RealPlus(
            (Later(1), "scratch", "CREATE TABLE scratch (id int); CREATE VIEW vw_scratch AS SELECT id FROM scratch;", "DROP VIEW IF EXISTS vw_scratch; DROP TABLE IF EXISTS scratch;"),
            (Later(2), "drop_scratch", "DROP TABLE scratch CASCADE; -- destructive-ok: test of a view lost by CASCADE", "CREATE TABLE scratch (id int);"));

        var report = await ShadowAsync(catalogue);

        Assert.False(report.Passed);
        var check = Assert.Single(report.Checks, c => !c.Passed);
        Assert.Equal(("views present", "missing: vw_scratch"), (check.Name, check.Detail));
    }

    [Fact]
    public async Task An_undo_script_that_leaves_objects_behind_fails_and_untested_tables_are_noted()
    {
        var catalogue = RealPlus((Later(), "probe_arms", "CREATE TABLE probe_arms (id int PRIMARY KEY);", "SELECT 1;"));

        var report = await ShadowAsync(catalogue);

        Assert.False(report.Passed);
        var check = Assert.Single(report.Checks, c => c.Name == "roll back all");
        Assert.False(check.Passed);
        Assert.Contains("left behind: table probe_arms", check.Detail);
        Assert.Contains("table probe_arms is not exercised by the smoke SQL (Schema/Migrations/smoke.sql).", report.Notes);
    }

    [Fact]
    public async Task Failing_smoke_SQL_fails_the_shadow_test()
    {
        var files = Files(Real);
        files[MigrationCatalogue.SmokeFileName] = "INSERT INTO tweets (tweet_id) VALUES ('no content');";

        var report = await ShadowAsync(MigrationCatalogue.FromFiles(files));

        var check = Assert.Single(report.Checks, c => !c.Passed);
        Assert.Equal("smoke SQL", check.Name);
        Assert.Contains("23502", check.Detail);
    }

    /// <summary>A table of its own, then a migration that drops one of its columns.</summary>
    private static MigrationCatalogue WithDroppedColumn(string script) => RealPlus(
        (Later(1), "shadow_probe", "CREATE TABLE shadow_probe (id int, legacy text);", "DROP TABLE shadow_probe;"),
        (Later(2), "drop_legacy", script, "ALTER TABLE shadow_probe ADD COLUMN legacy text;"));

    private async Task<ShadowReport> ShadowAsync(MigrationCatalogue catalogue)
    {
        await using var database = await infrastructure.CreateDatabaseAsync();
        await using var connection = await OpenAsync(database);
        var report = await new SchemaShadowTest(catalogue, TimeProvider.System).RunAsync(connection, CancellationToken.None);
        Assert.False(await DatabaseExistsAsync(report.Database));
        return report;
    }

    private async Task<bool> DatabaseExistsAsync(string name)
    {
        await using var admin = new NpgsqlConnection(infrastructure.AdminConnectionString);
        await admin.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @name)", admin);
        command.Parameters.AddWithValue("name", name);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
