using System.CommandLine;

namespace XBot.Worker.Cli;

/// <summary>The root <c>--help</c>: every verb (leaf command) with its path and one line, so no verb hides behind its area.</summary>
public static class VerbList
{
    public static void Write(RootCommand root, TextWriter output)
    {
        var verbs = Leaves(root, []).ToList();
        var width = verbs.Max(v => v.Path.Length);
        output.WriteLine(root.Description);
        output.WriteLine();
        output.WriteLine($"Usage: {WorkerCli.ProgramName} [<verb>] [options]   (options may come before or after the verb)");
        output.WriteLine();
        output.WriteLine("Verbs:");
        foreach (var (path, description) in verbs)
        {
            output.WriteLine($"  {path.PadRight(width)}  {FirstLine(description)}");
        }
        output.WriteLine();
        output.WriteLine("Options:");
        output.WriteLine("  --json     Write machine-readable JSON to standard output.");
        output.WriteLine("  -h, --help Show this list, or a verb's options: <verb> --help.");
        output.WriteLine("  --version  Print the version.");
        output.WriteLine();
        output.WriteLine("Exit codes: 0 success, 1 the operation failed or found a problem, 2 bad input.");
    }

    private static IEnumerable<(string Path, string Description)> Leaves(Command command, List<string> path)
    {
        foreach (var sub in command.Subcommands.Where(c => !c.Hidden))
        {
            List<string> here = [.. path, sub.Name];
            if (sub.Subcommands.Count == 0)
            {
                yield return (string.Join(' ', here), sub.Description ?? "");
            }
            else
            {
                foreach (var leaf in Leaves(sub, here))
                {
                    yield return leaf;
                }
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
