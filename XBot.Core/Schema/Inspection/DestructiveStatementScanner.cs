using System.Text.RegularExpressions;

namespace XBot.Core.Schema;

/// <summary>A statement in a forward script that can lose data or break a running older app.</summary>
public sealed record DestructiveStatement(string File, int Line, string Kind, string Statement, string? AllowedBecause)
{
    /// <summary>The script line carries <c>-- destructive-ok: &lt;reason&gt;</c>.</summary>
    public bool Allowed => AllowedBecause is not null;

    public override string ToString() =>
        $"{File}:{Line}: {Kind}: {Statement}" + (Allowed ? $" (allowed: {AllowedBecause})" : "");
}

/// <summary>
/// Finds destructive statements in forward scripts (runbooks.md §7: migrations are additive). Flagged:
/// DROP TABLE / SCHEMA (even when re-created: the rows are gone), DROP COLUMN, DROP INDEX / VIEW unless
/// the same script re-creates it, TRUNCATE, DELETE without WHERE, UPDATE without WHERE (unless it only
/// backfills columns the script added), and ALTER COLUMN ... TYPE or SET NOT NULL on a column the
/// script did not create. A statement is allowed when one of its lines has <c>-- destructive-ok: &lt;reason&gt;</c>.
/// Undo scripts are not scanned: dropping is their job.
/// </summary>
public static partial class DestructiveStatementScanner
{
    private const string Name = @"(?:""[^""]+""|[\w$]+)(?:\.(?:""[^""]+""|[\w$]+))?";

    public static IReadOnlyList<DestructiveStatement> Scan(MigrationCatalogue catalogue) =>
        [.. catalogue.Migrations.SelectMany(m => Scan(m.FileName, m.Script))];

    public static IReadOnlyList<DestructiveStatement> Scan(string file, string script)
    {
        var markers = Markers(script);
        var statements = SqlScript.Split(script);
        var newTables = new HashSet<string>();
        var newColumns = new HashSet<string>();
        var findings = new List<DestructiveStatement>();

        for (var index = 0; index < statements.Count; index++)
        {
            var statement = statements[index];
            var later = statements.Skip(index + 1).ToList();
            foreach (var kind in Classify(statement.Code, later, newTables, newColumns))
            {
                var reason = Enumerable.Range(statement.StartLine, statement.EndLine - statement.StartLine + 1)
                    .Select(l => markers.GetValueOrDefault(l))
                    .FirstOrDefault(r => r is not null);
                var text = statement.Code.Length > 120 ? statement.Code[..117] + "..." : statement.Code;
                findings.Add(new DestructiveStatement(file, statement.StartLine, kind, text, reason));
            }
            Remember(statement.Code, newTables, newColumns);
        }
        return findings;
    }

    private static IEnumerable<string> Classify(string code, IReadOnlyList<SqlStatement> later, HashSet<string> newTables, HashSet<string> newColumns)
    {
        if (Truncate().IsMatch(code))
        {
            yield return "TRUNCATE";
        }
        else if (Delete().IsMatch(code) && !Where().IsMatch(code))
        {
            yield return "DELETE without WHERE";
        }
        else if (Update().Match(code) is { Success: true } update && !Where().IsMatch(code) && !OnlyNewColumns(update, newTables, newColumns))
        {
            yield return "UPDATE without WHERE";
        }
        else if (DropTableOrSchema().Match(code) is { Success: true } dropTable)
        {
            yield return $"DROP {dropTable.Groups["what"].Value.ToUpperInvariant()}";
        }
        else if (DropViewOrIndex().Match(code) is { Success: true } drop)
        {
            var what = drop.Groups["what"].Value.ToUpperInvariant();
            var recreate = what.Contains("VIEW", StringComparison.Ordinal) ? CreateView() : CreateIndex();
            var recreated = later.Select(s => recreate.Match(s.Code)).Where(m => m.Success).Select(m => SqlScript.Identifier(m.Groups["name"].Value)).ToHashSet();
            if (drop.Groups["names"].Value.Split(',').Select(SqlScript.Identifier).Any(n => !recreated.Contains(n)))
            {
                yield return $"DROP {what} without re-creating it";
            }
        }
        else if (AlterTable().Match(code) is { Success: true } alter)
        {
            var table = SqlScript.Identifier(alter.Groups["table"].Value);
            foreach (var action in TopLevelCommaSplit(alter.Groups["actions"].Value))
            {
                if (DropColumn().Match(action) is { Success: true } dropColumn && !dropColumn.Groups["constraint"].Success)
                {
                    yield return "DROP COLUMN";
                }
                else if (AlterColumn().Match(action) is { Success: true } column
                    && !newTables.Contains(table) && !newColumns.Contains($"{table}.{SqlScript.Identifier(column.Groups["column"].Value)}"))
                {
                    yield return column.Groups["type"].Success ? "ALTER COLUMN ... TYPE" : "SET NOT NULL on an existing column";
                }
            }
        }
    }

    /// <summary>An UPDATE that only fills columns this script added (a backfill) overwrites nothing.</summary>
    private static bool OnlyNewColumns(Match update, HashSet<string> newTables, HashSet<string> newColumns)
    {
        var table = SqlScript.Identifier(update.Groups["table"].Value);
        return newTables.Contains(table) || TopLevelCommaSplit(update.Groups["set"].Value)
            .Select(assignment => SqlScript.Identifier(assignment.Split('=')[0]))
            .All(column => newColumns.Contains($"{table}.{column}"));
    }

    /// <summary>Tables and columns this script creates: changing them later in the same script loses nothing.</summary>
    private static void Remember(string code, HashSet<string> newTables, HashSet<string> newColumns)
    {
        if (CreateTable().Match(code) is { Success: true } created)
        {
            newTables.Add(SqlScript.Identifier(created.Groups["name"].Value));
        }
        else if (AlterTable().Match(code) is { Success: true } alter)
        {
            var table = SqlScript.Identifier(alter.Groups["table"].Value);
            foreach (var action in TopLevelCommaSplit(alter.Groups["actions"].Value))
            {
                if (AddColumn().Match(action) is { Success: true } added)
                {
                    newColumns.Add($"{table}.{SqlScript.Identifier(added.Groups["column"].Value)}");
                }
            }
        }
    }

    private static Dictionary<int, string> Markers(string script)
    {
        var markers = new Dictionary<int, string>();
        var lines = script.ReplaceLineEndings("\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (Marker().Match(lines[i]) is { Success: true } marker)
            {
                markers[i + 1] = marker.Groups["reason"].Value.Trim();
            }
        }
        return markers;
    }

    private static IEnumerable<string> TopLevelCommaSplit(string actions)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < actions.Length; i++)
        {
            switch (actions[i])
            {
                case '(':
                    depth++;
                    break;
                case ')':
                    depth--;
                    break;
                case ',' when depth == 0:
                    yield return actions[start..i].Trim();
                    start = i + 1;
                    break;
            }
        }
        yield return actions[start..].Trim();
    }

    [GeneratedRegex(@"--\s*destructive-ok:(?<reason>.*\S.*)$", RegexOptions.IgnoreCase)]
    private static partial Regex Marker();

    [GeneratedRegex(@"^TRUNCATE\b", RegexOptions.IgnoreCase)]
    private static partial Regex Truncate();

    [GeneratedRegex(@"^DELETE\s+FROM\b", RegexOptions.IgnoreCase)]
    private static partial Regex Delete();

    [GeneratedRegex(@"^UPDATE\s+(?:ONLY\s+)?(?<table>" + Name + @")(?:\s+(?:AS\s+)?\w+)?\s+SET\s+(?<set>.+?)(?:\s+(?:FROM|WHERE|RETURNING)\b|$)", RegexOptions.IgnoreCase)]
    private static partial Regex Update();

    [GeneratedRegex(@"\bWHERE\b", RegexOptions.IgnoreCase)]
    private static partial Regex Where();

    [GeneratedRegex(@"^DROP\s+(?<what>TABLE|SCHEMA)\b", RegexOptions.IgnoreCase)]
    private static partial Regex DropTableOrSchema();

    [GeneratedRegex(@"^DROP\s+(?<what>MATERIALIZED\s+VIEW|VIEW|INDEX)\s+(?:CONCURRENTLY\s+)?(?:IF\s+EXISTS\s+)?(?<names>" + Name + @"(?:\s*,\s*" + Name + ")*)", RegexOptions.IgnoreCase)]
    private static partial Regex DropViewOrIndex();

    [GeneratedRegex(@"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>" + Name + ")", RegexOptions.IgnoreCase)]
    private static partial Regex CreateView();

    [GeneratedRegex(@"^CREATE\s+(?:UNIQUE\s+)?INDEX\s+(?:CONCURRENTLY\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?<name>" + Name + ")", RegexOptions.IgnoreCase)]
    private static partial Regex CreateIndex();

    [GeneratedRegex(@"^CREATE\s+(?:UNLOGGED\s+)?TABLE\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>" + Name + ")", RegexOptions.IgnoreCase)]
    private static partial Regex CreateTable();

    [GeneratedRegex(@"^ALTER\s+TABLE\s+(?:IF\s+EXISTS\s+)?(?:ONLY\s+)?(?<table>" + Name + @")\s+(?<actions>.+)$", RegexOptions.IgnoreCase)]
    private static partial Regex AlterTable();

    [GeneratedRegex(@"^DROP\s+(?:(?<constraint>CONSTRAINT)\b|(?:COLUMN\s+)?)", RegexOptions.IgnoreCase)]
    private static partial Regex DropColumn();

    [GeneratedRegex(@"^ALTER\s+(?:COLUMN\s+)?(?<column>" + Name + @")\s+(?:(?<type>(?:SET\s+DATA\s+)?TYPE)\b|SET\s+NOT\s+NULL\b)", RegexOptions.IgnoreCase)]
    private static partial Regex AlterColumn();

    [GeneratedRegex(@"^ADD\s+(?!(?:CONSTRAINT|PRIMARY|UNIQUE|CHECK|FOREIGN|EXCLUDE)\b)(?:COLUMN\s+)?(?:IF\s+NOT\s+EXISTS\s+)?(?<column>" + Name + ")", RegexOptions.IgnoreCase)]
    private static partial Regex AddColumn();
}
