using System.CommandLine;

namespace XBot.Worker.Cli;

/// <summary>
/// The ops CLI (runbooks.md §11): <c>dotnet run --project XBot.Worker -- &lt;verb&gt;</c>. Each area
/// contributes its verbs from its own file. Exit codes: 0 success, 1 the operation failed or found a
/// problem (drift, guard), 2 bad input.
/// </summary>
public static class WorkerCli
{
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-');

    public static async Task<int> RunAsync(string[] args, CliContext? context = null)
    {
        await using var owned = context is null ? new CliContext() : null;
        var cli = context ?? owned!;

        var root = new RootCommand("XBot worker and operations CLI. Without a command, runs the worker.");
        root.Options.Add(CliContext.JsonOption);
        foreach (var command in DbCommands.Create(cli).Concat(StoreCommands.Create(cli)).Concat(PipelineCommands.Create(cli)).Concat(BrakeCommands.Create(cli)).Concat(BenchmarkCommands.Create(cli)))
        {
            root.Subcommands.Add(command);
        }

        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            return cli.Output.Usage(parsed);
        }
        return await parsed.InvokeAsync();
    }
}
