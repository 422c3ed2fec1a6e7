using System.Security.Cryptography;
using System.Text;
using XBot.Core.Schema;

namespace XBot.Tests.Schema;

public sealed class MigrationCatalogueTests
{
    [Fact]
    public void The_embedded_catalogue_starts_with_the_baseline_and_carries_undo_scripts_and_smoke_sql()
    {
        var catalogue = MigrationCatalogue.Embedded;

        var baseline = catalogue.Migrations[0];
        Assert.Equal((new SchemaVersion(1, 0, 0), "baseline"), (baseline.Version, baseline.Name));
        Assert.Contains("CREATE TABLE tweets", baseline.Script);
        Assert.Contains("DROP TABLE IF EXISTS tweets", baseline.UndoScript);
        Assert.All(catalogue.Migrations, m => Assert.False(string.IsNullOrWhiteSpace(m.UndoScript)));
        Assert.Contains("INSERT INTO tweets", catalogue.SmokeSql);
        Assert.Equal(catalogue.Migrations[^1].Version, catalogue.Newest);
    }

    [Fact]
    public void Checksum_is_the_sha256_of_the_forward_script_whatever_the_line_endings()
    {
        var baseline = MigrationCatalogue.Embedded.Migrations[0];
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(baseline.Script.ReplaceLineEndings("\n"))));

        Assert.Equal(expected, baseline.Checksum);
        Assert.Equal(baseline.Checksum, Migration.ComputeChecksum(baseline.Script.ReplaceLineEndings("\r\n")));
        Assert.NotEqual(baseline.Checksum, Migration.ComputeChecksum(baseline.Script + " "));
    }

    [Fact]
    public void Migrations_are_ordered_by_semver_not_by_file_name()
    {
        var catalogue = MigrationCatalogue.FromFiles(new Dictionary<string, string>
        {
            ["V1.10.0__ten.sql"] = "SELECT 10", ["V1.10.0__ten.undo.sql"] = "SELECT -10",
            ["V1.9.0__nine.sql"] = "SELECT 9", ["V1.9.0__nine.undo.sql"] = "SELECT -9",
            ["V1.0.0__base.sql"] = "SELECT 1", ["V1.0.0__base.undo.sql"] = "SELECT -1",
        });

        Assert.Equal(["1.0.0", "1.9.0", "1.10.0"], catalogue.Migrations.Select(m => m.Version.ToString()));
        Assert.Equal(new SchemaVersion(1, 10, 0), catalogue.Newest);
        Assert.Equal("", catalogue.SmokeSql);
    }

    [Theory]
    [InlineData("V1.0__short.sql", "version '1.0' is not major.minor.patch")]
    [InlineData("V1.0.0.1__long.sql", "version '1.0.0.1' is not major.minor.patch")]
    [InlineData("Vx.y.z__letters.sql", "version 'x.y.z' is not major.minor.patch")]
    [InlineData("V1_1_0__underscores.sql", "is not major.minor.patch")]
    [InlineData("1.1.0__no_v.sql", "is not named V<major>.<minor>.<patch>__<name>.sql")]
    [InlineData("V1.1.0_single_underscore.sql", "is not named V<major>.<minor>.<patch>__<name>.sql")]
    [InlineData("V1.1.0__bad-name.sql", "name 'bad-name' must be letters, digits and single underscores")]
    [InlineData("V0.0.0__zero.sql", "0.0.0 is reserved")]
    [InlineData("notes.txt", "is not named")]
    public void Malformed_file_names_are_refused_by_name(string file, string problem)
    {
        var files = new Dictionary<string, string>
        {
            ["V1.0.0__base.sql"] = "SELECT 1",
            ["V1.0.0__base.undo.sql"] = "SELECT -1",
            [file] = "SELECT 2",
        };

        var error = Assert.Throws<MigrationCatalogueException>(() => MigrationCatalogue.FromFiles(files));

        var reported = Assert.Single(error.Problems);
        Assert.Contains(file, reported);
        Assert.Contains(problem, reported);
    }

    [Fact]
    public void Unpaired_and_duplicate_versions_are_all_reported_at_once()
    {
        var error = Assert.Throws<MigrationCatalogueException>(() => MigrationCatalogue.FromFiles(new Dictionary<string, string>
        {
            ["V1.0.0__base.sql"] = "SELECT 1",
            ["V1.1.0__orphan_undo.undo.sql"] = "SELECT 1",
            ["V1.2.0__one.sql"] = "SELECT 1", ["V1.2.0__one.undo.sql"] = "SELECT 1",
            ["V1.2.0__two.sql"] = "SELECT 1", ["V1.2.0__two.undo.sql"] = "SELECT 1",
        }));

        Assert.Contains(error.Problems, p => p.Contains("V1.0.0__base.sql has no undo script"));
        Assert.Contains(error.Problems, p => p.Contains("V1.1.0__orphan_undo.undo.sql has no forward script"));
        Assert.Contains(error.Problems, p => p.Contains("version 1.2.0 is used by another migration"));
    }
}
