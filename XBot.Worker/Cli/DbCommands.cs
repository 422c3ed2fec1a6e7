using System.CommandLine;

namespace XBot.Worker.Cli;

/// <summary>Schema lifecycle verbs: <c>db migrate|rollback|baseline|drift|shadow|guard</c> (runbooks.md §7).</summary>
public static class DbCommands
{
    public static IEnumerable<Command> Create(CliContext context)
    {
        var db = new Command("db", "Schema migrations, drift, shadow test and guard.");
        return [db];
    }
}
