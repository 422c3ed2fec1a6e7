using XBot.Core.Schema;

namespace XBot.Tests.Schema;

public sealed class DestructiveStatementScannerTests
{
    [Theory]
    [InlineData("DROP TABLE tweets;", "DROP TABLE")]
    [InlineData("drop table if exists old_stuff cascade;", "DROP TABLE")]
    [InlineData("DROP SCHEMA archive CASCADE;", "DROP SCHEMA")]
    [InlineData("ALTER TABLE tweets DROP COLUMN engagement;", "DROP COLUMN")]
    [InlineData("ALTER TABLE tweets DROP engagement;", "DROP COLUMN")]
    [InlineData("ALTER TABLE tweets ADD COLUMN x int, DROP COLUMN IF EXISTS engagement;", "DROP COLUMN")]
    [InlineData("DROP INDEX ix_tweets_posted_at;", "DROP INDEX without re-creating it")]
    [InlineData("DROP VIEW vw_recent_posts;", "DROP VIEW without re-creating it")]
    [InlineData("DROP MATERIALIZED VIEW mv_x;", "DROP MATERIALIZED VIEW without re-creating it")]
    [InlineData("TRUNCATE audit_log;", "TRUNCATE")]
    [InlineData("DELETE FROM bot_config;", "DELETE without WHERE")]
    [InlineData("UPDATE tweets SET platform = 'x';", "UPDATE without WHERE")]
    [InlineData("ALTER TABLE tweets ALTER COLUMN content TYPE varchar(280);", "ALTER COLUMN ... TYPE")]
    [InlineData("ALTER TABLE tweets ALTER content SET DATA TYPE varchar(280);", "ALTER COLUMN ... TYPE")]
    [InlineData("ALTER TABLE tweets ALTER COLUMN posted_at SET NOT NULL;", "SET NOT NULL on an existing column")]
    [InlineData("DROP INDEX ix_a;\nCREATE INDEX ix_b ON tweets (content);", "DROP INDEX without re-creating it")]
    [InlineData("-- a comment; with a semicolon\nTRUNCATE\n  tweets;", "TRUNCATE")]
    public void Destructive_statements_are_flagged(string script, string kind)
    {
        var finding = Assert.Single(DestructiveStatementScanner.Scan("V1.1.0__x.sql", script));

        Assert.Equal(kind, finding.Kind);
        Assert.False(finding.Allowed);
        Assert.Equal("V1.1.0__x.sql", finding.File);
    }

    [Theory]
    [InlineData("CREATE TABLE arms (id bigint PRIMARY KEY, name text NOT NULL);")]
    [InlineData("ALTER TABLE tweets ADD COLUMN content_hash text NULL;")]
    [InlineData("ALTER TABLE tweets ADD COLUMN status text; UPDATE tweets SET status = 'posted'; ALTER TABLE tweets ALTER COLUMN status SET NOT NULL;")]
    [InlineData("ALTER TABLE tweets ADD COLUMN score int; ALTER TABLE tweets ALTER COLUMN score TYPE bigint;")]
    [InlineData("CREATE TABLE arms (id int); ALTER TABLE arms ALTER COLUMN id SET NOT NULL;")]
    [InlineData("DELETE FROM bot_config WHERE key = 'obsolete';")]
    [InlineData("UPDATE tweets SET platform = 'twitter' WHERE platform IS NULL;")]
    [InlineData("DROP INDEX ix_tweets_posted_at; CREATE INDEX ix_tweets_posted_at ON tweets (posted_at DESC NULLS LAST);")]
    [InlineData("DROP VIEW IF EXISTS vw_recent_posts; CREATE VIEW vw_recent_posts AS SELECT 1;")]
    [InlineData("CREATE OR REPLACE VIEW vw_recent_posts AS SELECT 1;")]
    [InlineData("ALTER TABLE tweets DROP CONSTRAINT ck_old, ADD CONSTRAINT ck_new CHECK (true);")]
    [InlineData("ALTER TABLE tweets ALTER COLUMN posted_at DROP NOT NULL;")]
    [InlineData("ALTER TABLE tweets ALTER COLUMN platform DROP DEFAULT;")]
    [InlineData("INSERT INTO bot_config (key, environment, value) VALUES ('note', '*', '\"DROP TABLE tweets; TRUNCATE x\"');")]
    [InlineData("-- DROP TABLE tweets;\n/* TRUNCATE audit_log; */ SELECT 1;")]
    [InlineData("CREATE FUNCTION f() RETURNS void AS $$ BEGIN DELETE FROM audit_log; END $$ LANGUAGE plpgsql;")]
    public void Additive_statements_are_not_flagged(string script)
    {
        Assert.Empty(DestructiveStatementScanner.Scan("V1.1.0__x.sql", script));
    }

    [Fact]
    public void A_destructive_ok_marker_on_a_line_of_the_statement_allows_it_with_its_reason()
    {
        const string script = """
            CREATE TABLE scratch (id int);
            DROP TABLE legacy_cache; -- destructive-ok: cache table, rebuilt from tweets
            DELETE FROM
                bot_config; -- destructive-ok: config moved to environment rows
            TRUNCATE audit_log;
            """;

        var findings = DestructiveStatementScanner.Scan("V1.1.0__x.sql", script);

        Assert.Equal(3, findings.Count);
        Assert.Equal((2, "DROP TABLE", "cache table, rebuilt from tweets"), (findings[0].Line, findings[0].Kind, findings[0].AllowedBecause));
        Assert.Equal((3, "DELETE without WHERE", "config moved to environment rows"), (findings[1].Line, findings[1].Kind, findings[1].AllowedBecause));
        Assert.Equal((5, "TRUNCATE", null), (findings[2].Line, findings[2].Kind, findings[2].AllowedBecause));
    }

    [Fact]
    public void A_marker_without_a_reason_does_not_allow_anything()
    {
        var finding = Assert.Single(DestructiveStatementScanner.Scan("V1.1.0__x.sql", "TRUNCATE audit_log; -- destructive-ok:   "));

        Assert.False(finding.Allowed);
    }

    [Fact]
    public void The_real_migrations_have_no_unmarked_destructive_statement()
    {
        Assert.DoesNotContain(DestructiveStatementScanner.Scan(MigrationCatalogue.Embedded), d => !d.Allowed);
    }

    [Fact]
    public void Views_expected_follow_creates_drops_and_renames_across_scripts()
    {
        var catalogue = MigrationCatalogue.FromFiles(new Dictionary<string, string>
        {
            ["V1.0.0__a.sql"] = "CREATE VIEW vw_one AS SELECT 1; CREATE OR REPLACE VIEW public.\"vw_two\" AS SELECT 2; CREATE MATERIALIZED VIEW mv_three AS SELECT 3;",
            ["V1.0.0__a.undo.sql"] = "",
            ["V1.1.0__b.sql"] = "DROP VIEW vw_one; ALTER VIEW vw_two RENAME TO vw_second; -- CREATE VIEW vw_commented AS SELECT 1;",
            ["V1.1.0__b.undo.sql"] = "",
        });

        Assert.Equal(["mv_three", "vw_second"], ViewDeclarations.Expected(catalogue));
        Assert.Empty(ViewDeclarations.Expected(MigrationCatalogue.FromFiles(new Dictionary<string, string>())));
    }

    [Fact]
    public void Statements_are_split_outside_strings_comments_and_dollar_bodies_with_their_lines()
    {
        var statements = SqlScript.Split("SELECT ';';\n-- x; y\nDO $body$ BEGIN PERFORM 1; END $body$;\n/* a; /* nested; */ b; */\nSELECT\n  2");

        Assert.Equal(["SELECT ';'", "DO $body$ BEGIN PERFORM 1; END $body$", "SELECT 2"], statements.Select(s => s.Code));
        Assert.Equal([(1, 1), (3, 3), (5, 6)], statements.Select(s => (s.StartLine, s.EndLine)));
    }
}
