using System.CommandLine;
using System.CommandLine.Help;
using System.Reflection;

namespace XBot.Worker.Cli;

/// <summary>
/// The ops CLI (runbooks.md §11): <c>dotnet run --project XBot.Worker -- &lt;verb&gt;</c>. Each area
/// contributes its verbs from its own file. Exit codes: 0 success, 1 the operation failed or found a
/// problem (drift, guard), 2 bad input.
/// </summary>
public static class WorkerCli
{
    /// <summary>How the program is named in hints (<c>see: XBot.Worker db rollback --help</c>).</summary>
    public const string ProgramName = "XBot.Worker";

    /// <summary>The verb that runs the posting worker explicitly.</summary>
    public const string RunVerb = "run";

    /// <summary>
    /// Only no arguments, or exactly <c>run</c>, start the posting worker. Anything else (an option, a
    /// typo, <c>--help</c>) is the CLI, so that a mistyped command can never become a live poster.
    /// </summary>
    public static bool RunsWorker(string[] args) => args is [] or [RunVerb];

    public static string Version { get; } =
        typeof(WorkerCli).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(WorkerCli).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    public static async Task<int> RunAsync(string[] args, CliContext? context = null)
    {
        await using var owned = context is null ? new CliContext() : null;
        var cli = context ?? owned!;

        var root = new RootCommand("XBot worker and operations CLI. With no arguments (or 'run'), runs the posting worker.");
        root.Options.Add(CliContext.JsonOption);
        var run = new Command(RunVerb, "Run the posting worker (the same as no arguments).");
        root.Subcommands.Add(run);
        IEnumerable<Command>[] verbs =
        [
            DbCommands.Create(cli), StoreCommands.Create(cli), PipelineCommands.Create(cli), BrakeCommands.Create(cli),
            LearningCommands.Create(cli), BenchmarkCommands.Create(cli), ConfigCommands.Create(cli), ApprovalCommands.Create(cli),
            SpendCommands.Create(cli), StatusCommands.Create(cli), MonitoringCommands.Create(cli), InsightCommands.Create(cli),
        ];
        foreach (var command in verbs.SelectMany(v => v))
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        // Our own handling of these two: the library's would print the test host's version, and its root help only the areas.
        if (root.Options.OfType<VersionOption>().FirstOrDefault() is { } version && parsed.GetResult(version) is not null)
        {
            cli.Output.Stdout.WriteLine($"{ProgramName} {Version}");
            return 0;
        }
        if (parsed.CommandResult.Command == root && root.Options.OfType<HelpOption>().FirstOrDefault() is { } help && parsed.GetResult(help) is not null)
        {
            VerbList.Write(root, cli.Output.Stdout);
            return 0;
        }
        if (parsed.Errors.Count > 0)
        {
            return cli.Output.Usage(parsed);
        }
        if (parsed.CommandResult.Command == run)
        {
            // Reached only with options besides 'run' (RunsWorker takes plain 'run'): refuse rather than guess.
            return cli.Output.Error($"'{RunVerb}' takes no options; start the worker with '{ProgramName}' or '{ProgramName} {RunVerb}' alone.", 2);
        }
        return await parsed.InvokeAsync(new InvocationConfiguration { Output = cli.Output.Stdout, Error = cli.Output.Stderr });
    }
}
