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
            ["destructive statements", "migrate", "smoke SQL", "views present", "roll back all", "re-migrate gives the same schema"],
            json.RootElement.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()));
        Assert.Empty(json.RootElement.GetProperty("notes").EnumerateArray());
        Assert.False(await DatabaseExistsAsync(json.RootElement.GetProperty("database").GetString()!));
        Assert.Equal("", await DumpAsync(database));
    }

    [Fact]
    public async Task A_destructive_statement_fails_the_shadow_test_naming_file_line_and_kind()
    {
        var catalogue = RealPlus((Later(), "drop_ai", "-- cleanup\nALTER TABLE tweets DROP COLUMN ai_metadata;", "ALTER TABLE tweets ADD COLUMN ai_metadata jsonb NOT NULL DEFAULT '{}'::jsonb;"));

        var report = await ShadowAsync(catalogue);

        Assert.False(report.Passed);
        var check = Assert.Single(report.Checks, c => !c.Passed);
        Assert.Equal("destructive statements", check.Name);
        Assert.Contains($"V{Later()}__drop_ai.sql:2: DROP COLUMN: ALTER TABLE tweets DROP COLUMN ai_metadata", check.Detail);
        Assert.Contains("-- destructive-ok: <reason>", check.Detail);
    }

    [Fact]
    public async Task The_same_statement_marked_destructive_ok_passes_and_is_reported()
    {
        var catalogue = RealPlus((Later(), "drop_ai", "ALTER TABLE tweets DROP COLUMN ai_metadata; -- destructive-ok: never written since 0.3", "ALTER TABLE tweets ADD COLUMN ai_metadata jsonb NOT NULL DEFAULT '{}'::jsonb;"));

        var report = await ShadowAsync(catalogue);

        Assert.True(report.Passed, string.Join("; ", report.Checks));
        Assert.Equal("never written since 0.3", Assert.Single(report.DestructiveStatements).AllowedBecause);
    }

    [Fact]
    public async Task Views_the_migrations_create_are_checked()
    {
        var catalogue = RealPlus((Later(), "recent_posts", "CREATE VIEW vw_recent_posts AS SELECT id, content FROM tweets WHERE posted_at > now() - interval '7 days';", "DROP VIEW vw_recent_posts;"));

        var report = await ShadowAsync(catalogue);

        Assert.True(report.Passed, string.Join("; ", report.Checks));
        Assert.Equal("1 view(s) created by the migrations exist", Assert.Single(report.Checks, c => c.Name == "views present").Detail);
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
        var catalogue = RealPlus((Later(), "arms", "CREATE TABLE arms (id int PRIMARY KEY);", "SELECT 1;"));

        var report = await ShadowAsync(catalogue);

        Assert.False(report.Passed);
        var check = Assert.Single(report.Checks, c => c.Name == "roll back all");
        Assert.False(check.Passed);
        Assert.Contains("left behind: table arms", check.Detail);
        Assert.Contains("table arms is not exercised by the smoke SQL (Schema/Migrations/smoke.sql).", report.Notes);
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
