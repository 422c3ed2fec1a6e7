namespace XBot.Tests.Infrastructure;

/// <summary>Linux process-tree queries from /proc, for the tests that prove nothing is left running.</summary>
public static class ProcessTree
{
    /// <summary>Every live descendant of <paramref name="root"/>, with its start time so a reused pid is not mistaken for it.</summary>
    public static List<(int Pid, string StartTime, string Name)> Descendants(int root)
    {
        var parents = new Dictionary<int, List<int>>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { } stat)
            {
                (parents.TryGetValue(stat.Parent, out var children) ? children : parents[stat.Parent] = []).Add(pid);
            }
        }

        var found = new List<(int, string, string)>();
        var pending = new Stack<int>([root]);
        while (pending.Count > 0)
        {
            foreach (var child in parents.GetValueOrDefault(pending.Pop()) ?? [])
            {
                if (Stat(child) is { } stat)
                {
                    found.Add((child, stat.StartTime, stat.Name));
                    pending.Push(child);
                }
            }
        }
        return found;
    }

    /// <summary>
    /// Everything an Aspire AppHost runs: its descendants, and DCP, which detaches from it (its parent becomes init) and
    /// watches it with <c>--monitor PID</c>, with DCP's own descendants (the resources and the dashboard).
    /// </summary>
    public static List<(int Pid, string StartTime, string Name)> AspireStack(int apphost)
    {
        var found = Descendants(apphost);
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(directory), out var pid) && Stat(pid) is { Name: "dcp" } stat
                && CommandLine(pid).Contains($"--monitor\0{apphost}\0", StringComparison.Ordinal))
            {
                found.Add((pid, stat.StartTime, stat.Name));
                found.AddRange(Descendants(pid));
            }
        }
        return found.Distinct().ToList();
    }

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline");
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The same process (pid and start time) is still running, and not a zombie.</summary>
    public static bool IsAlive((int Pid, string StartTime, string Name) process) =>
        Stat(process.Pid) is { } stat && stat.StartTime == process.StartTime && stat.State != "Z";

    private static (int Parent, string StartTime, string Name, string State)? Stat(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            // The name is in parentheses and may hold spaces: split after its closing one.
            var close = text.LastIndexOf(')');
            var name = text[(text.IndexOf('(') + 1)..close];
            var fields = text[(close + 2)..].Split(' ');
            return (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture), fields[19], name, fields[0]);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            return null;
        }
    }
}
