using System.Collections.Concurrent;
using Spectre.Console;

namespace XBot.AppHost.Hosting;

/// <summary>
/// Every resource's output: echoed to the console prefixed with the resource's name, and kept in a
/// bounded buffer so tests can wait for a line and show recent output when something fails.
/// </summary>
public sealed class ResourceOutput(bool echo)
{
    private const int MaxLinesPerResource = 2000;
    private const string AppHostName = "apphost";
    // ANSI foreground colours: cyan, green, yellow, magenta, blue, bright cyan, bright green, bright magenta.
    private static readonly string[] Palette = ["36", "32", "33", "35", "34", "96", "92", "95"];
    private static readonly bool UseColor = !Console.IsOutputRedirected && Environment.GetEnvironmentVariable("NO_COLOR") is null;

    private readonly ConcurrentDictionary<string, Queue<string>> _lines = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, string> _colors = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _consoleLock = new();
    private event Action<string, string>? LineWritten;

    public void Write(string resource, string line, bool isError)
    {
        var buffer = _lines.GetOrAdd(resource, _ => new Queue<string>());
        lock (buffer)
        {
            buffer.Enqueue(line);
            if (buffer.Count > MaxLinesPerResource)
            {
                buffer.Dequeue();
            }
        }

        if (echo)
        {
            // Written directly rather than through Spectre markup, so long lines are never re-wrapped.
            var prefix = resource.PadRight(9) + "| ";
            if (UseColor)
            {
                var color = _colors.GetOrAdd(resource, _ => Palette[_colors.Count % Palette.Length]);
                prefix = $"\u001b[{color}m{prefix}\u001b[0m";
            }
            lock (_consoleLock)
            {
                Console.Out.WriteLine(prefix + line);
            }
        }

        LineWritten?.Invoke(resource, line);
    }

    /// <summary>A message from the orchestrator itself.</summary>
    public void System(string line) => Write(AppHostName, line, isError: false);

    /// <summary>Writes a renderable (the status table) to the console without interleaving output lines.</summary>
    public void Render(Spectre.Console.Rendering.IRenderable renderable)
    {
        lock (_consoleLock)
        {
            // Wide enough for URLs when the output is piped and no terminal width is known.
            AnsiConsole.Profile.Width = Math.Max(AnsiConsole.Profile.Width, 120);
            AnsiConsole.Write(renderable);
        }
    }

    public IReadOnlyList<string> GetLines(string resource)
    {
        if (!_lines.TryGetValue(resource, out var buffer))
        {
            return [];
        }

        lock (buffer)
        {
            return [.. buffer];
        }
    }

    /// <summary>The last lines of every resource, for a failing test's message.</summary>
    public string Tail(int linesPerResource = 40) => string.Join(Environment.NewLine,
        _lines.Keys.Order().SelectMany(resource => GetLines(resource).TakeLast(linesPerResource).Select(line => $"{resource} | {line}")));

    /// <summary>Waits for a line of <paramref name="resource"/>'s output that matches, including lines already written.</summary>
    public async Task<string> WaitForLineAsync(string resource, Func<string, bool> match, CancellationToken cancellationToken)
    {
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(string r, string line)
        {
            if (string.Equals(r, resource, StringComparison.OrdinalIgnoreCase) && match(line))
            {
                found.TrySetResult(line);
            }
        }

        LineWritten += OnLine;
        try
        {
            if (GetLines(resource).FirstOrDefault(match) is { } existing)
            {
                return existing;
            }
            return await found.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            LineWritten -= OnLine;
        }
    }
}
