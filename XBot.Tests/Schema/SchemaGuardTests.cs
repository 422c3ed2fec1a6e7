using XBot.Core.Schema;

namespace XBot.Tests.Schema;

/// <summary>The guard's rules (runbooks.md §7) as a table: app version, database version, verdict.</summary>
public sealed class SchemaGuardTests
{
    [Theory]
    [InlineData("1.0.0", "1.0.0", SchemaGuardVerdict.Compatible)]
    [InlineData("1.4.2", "1.4.2", SchemaGuardVerdict.Compatible)]
    [InlineData("1.0.0", "1.1.0", SchemaGuardVerdict.DatabaseNewerCompatible)]
    [InlineData("1.0.0", "1.0.1", SchemaGuardVerdict.DatabaseNewerCompatible)]
    [InlineData("1.2.0", "1.10.0", SchemaGuardVerdict.DatabaseNewerCompatible)]
    [InlineData("1.1.0", "1.0.0", SchemaGuardVerdict.AppNewerRunMigrations)]
    [InlineData("1.0.1", "1.0.0", SchemaGuardVerdict.AppNewerRunMigrations)]
    [InlineData("1.10.0", "1.9.0", SchemaGuardVerdict.AppNewerRunMigrations)]
    [InlineData("2.0.0", "1.9.0", SchemaGuardVerdict.MajorMismatch)]
    [InlineData("1.9.0", "2.0.0", SchemaGuardVerdict.MajorMismatch)]
    [InlineData("1.0.0", null, SchemaGuardVerdict.NotMigrated)]
    public void Verdicts_follow_the_runbook(string app, string? database, SchemaGuardVerdict verdict)
    {
        var result = SchemaGuard.Evaluate(SchemaVersion.Parse(app), database is null ? null : SchemaVersion.Parse(database));

        Assert.Equal(verdict, result.Verdict);
        Assert.Equal(verdict is SchemaGuardVerdict.Compatible or SchemaGuardVerdict.DatabaseNewerCompatible, result.IsCompatible);
        Assert.Contains(app, result.Message);
        if (database is not null)
        {
            Assert.Contains(database, result.Message);
        }
    }

    [Theory]
    [InlineData("1.1.0", "1.0.0")]
    [InlineData("2.0.0", "1.0.0")]
    [InlineData("1.0.0", null)]
    public void When_migrations_would_fix_it_the_message_says_what_to_run(string app, string? database)
    {
        var result = SchemaGuard.Evaluate(SchemaVersion.Parse(app), database is null ? null : SchemaVersion.Parse(database));

        Assert.Contains("dotnet run --project XBot.Worker -- db migrate", result.Message);
    }

    [Fact]
    public void A_database_of_a_newer_major_says_to_deploy_a_matching_app_or_roll_back()
    {
        var result = SchemaGuard.Evaluate(new SchemaVersion(1, 3, 0), new SchemaVersion(2, 0, 0));

        Assert.Contains("2.x", result.Message);
        Assert.Contains("db rollback --to 1.3.0", result.Message);
    }
}
