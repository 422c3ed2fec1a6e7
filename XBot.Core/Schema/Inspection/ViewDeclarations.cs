using System.Text.RegularExpressions;

namespace XBot.Core.Schema;

/// <summary>
/// The views the migrations mean to exist: every CREATE VIEW of the forward scripts, in order, less
/// those a later script drops for good, following renames. The shadow test checks each one exists.
/// </summary>
public static partial class ViewDeclarations
{
    private const string Name = @"(?:""[^""]+""|[\w$]+)(?:\.(?:""[^""]+""|[\w$]+))?";

    /// <summary>The analytics views the learning runbook queries by name (runbooks §3).</summary>
    public static readonly IReadOnlyList<string> Runbook =
        ["vw_recent_posts", "vw_topics_perf_7d", "vw_time_of_day_perf_7d", "vw_learning_performance", "vw_bandit_performance", "vw_content_sources_perf"];

    public static IReadOnlyCollection<string> Expected(MigrationCatalogue catalogue)
    {
        var views = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var statement in catalogue.Migrations.SelectMany(m => SqlScript.Split(m.Script)))
        {
            if (Create().Match(statement.Code) is { Success: true } create)
            {
                views.Add(SqlScript.Identifier(create.Groups["name"].Value));
            }
            else if (Drop().Match(statement.Code) is { Success: true } drop)
            {
                foreach (var name in drop.Groups["names"].Value.Split(','))
                {
                    views.Remove(SqlScript.Identifier(name));
                }
            }
            else if (Rename().Match(statement.Code) is { Success: true } rename && views.Remove(SqlScript.Identifier(rename.Groups["old"].Value)))
            {
                views.Add(SqlScript.Identifier(rename.Groups["new"].Value));
            }
        }
        return views;
    }

    [GeneratedRegex(@"^CREATE\s+(?:OR\s+REPLACE\s+)?(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+NOT\s+EXISTS\s+)?(?<name>" + Name + ")", RegexOptions.IgnoreCase)]
    private static partial Regex Create();

    [GeneratedRegex(@"^DROP\s+(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+EXISTS\s+)?(?<names>" + Name + @"(?:\s*,\s*" + Name + ")*)", RegexOptions.IgnoreCase)]
    private static partial Regex Drop();

    [GeneratedRegex(@"^ALTER\s+(?:MATERIALIZED\s+)?VIEW\s+(?:IF\s+EXISTS\s+)?(?<old>" + Name + @")\s+RENAME\s+TO\s+(?<new>" + Name + ")", RegexOptions.IgnoreCase)]
    private static partial Regex Rename();
}
