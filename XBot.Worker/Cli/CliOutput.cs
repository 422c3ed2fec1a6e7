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
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    public bool Json { get; set; }

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

    /// <summary>Parse errors: what was wrong and how to get help, exit code 2.</summary>
    public int Usage(ParseResult parse)
    {
        var command = string.Join(' ', parse.CommandResult.Command.Name);
        return Error($"{string.Join("; ", parse.Errors.Select(e => e.Message))} (see: {command} --help)", 2);
    }
}
