using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XBot.Worker.Cli;

/// <summary>Writes a command's result as text for people, or as one JSON document with <c>--json</c>.</summary>
public sealed class CliOutput(TextWriter stdout, TextWriter stderr)
{
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Operators read this too: 'x' rather than \u0027x\u0027. Output goes to a terminal or a file, never into HTML.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public bool Json { get; set; }

    public TextWriter Stdout => stdout;

    public TextWriter Stderr => stderr;

    /// <summary>The result of a command: <paramref name="model"/> with --json, else <paramref name="text"/>.</summary>
    public void Result(object model, string text)
    {
        if (Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(model, JsonOptions));
        }
        else
        {
            stdout.WriteLine(text);
        }
    }

    /// <summary>A one-line failure: to stderr as text, or to stdout as <c>{"ok":false,"error":...}</c> with --json.</summary>
    public int Error(string message, int exitCode)
    {
        var line = message.ReplaceLineEndings(" ");
        if (Json)
        {
            stdout.WriteLine(JsonSerializer.Serialize(new { ok = false, error = line, exitCode }, JsonOptions));
        }
        else
        {
            stderr.WriteLine($"error: {line}");
        }
        return exitCode;
    }

    /// <summary>Parse errors: what was wrong and the full command that shows help, exit code 2.</summary>
    public int Usage(ParseResult parse)
    {
        Json = parse.GetValue(CliContext.JsonOption);
        return Error($"{string.Join("; ", parse.Errors.Select(e => e.Message))} (see: {CommandPath(parse)} --help)", 2);
    }

    /// <summary>The program and the verb as typed, <c>XBot.Worker db rollback</c>.</summary>
    public static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result is not null; result = result.Parent as System.CommandLine.Parsing.CommandResult)
        {
            if (result.Command is not RootCommand)
            {
                names.Insert(0, result.Command.Name);
            }
        }
        names.Insert(0, WorkerCli.ProgramName);
        return string.Join(' ', names);
    }
}
