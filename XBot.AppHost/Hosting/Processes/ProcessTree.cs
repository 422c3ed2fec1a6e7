using System.Diagnostics;

namespace XBot.AppHost.Hosting.Processes;

/// <summary>Reads the process tree from /proc, so that grandchildren are found even after their parent exits.</summary>
public static class ProcessTree
{
    public static IReadOnlyList<int> GetDescendants(int pid)
    {
        if (!OperatingSystem.IsLinux())
        {
            return [];
        }

        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var child) || TryReadParent(child) is not { } parent)
            {
                continue;
            }

            if (!children.TryGetValue(parent, out var list))
            {
                children[parent] = list = [];
            }
            list.Add(child);
        }

        var result = new List<int>();
        var pending = new Stack<int>([pid]);
        while (pending.TryPop(out var current))
        {
            if (children.TryGetValue(current, out var list))
            {
                foreach (var child in list)
                {
                    result.Add(child);
                    pending.Push(child);
                }
            }
        }
        return result;
    }

    public static bool IsAlive(int pid)
    {
        if (OperatingSystem.IsLinux())
        {
            // A zombie has exited; only its parent's wait is missing.
            return File.Exists($"/proc/{pid}/stat") && ReadState(pid) is not ('Z' or 'X' or null);
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static int? TryReadParent(int pid)
    {
        var stat = TryReadStat(pid);
        if (stat is null)
        {
            return null;
        }

        // The command name (field 2) is in parentheses and may contain spaces; fields after it are plain.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields.Length > 1 && int.TryParse(fields[1], out var parent) ? parent : null;
    }

    private static char? ReadState(int pid)
    {
        var stat = TryReadStat(pid);
        return stat is null ? null : stat[stat.LastIndexOf(')') + 2];
    }

    private static string? TryReadStat(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/stat");
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
