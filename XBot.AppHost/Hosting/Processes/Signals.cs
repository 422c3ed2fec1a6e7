using System.Runtime.InteropServices;

namespace XBot.AppHost.Hosting.Processes;

/// <summary>
/// POSIX signals. .NET can only SIGKILL a child (Process.Kill); a graceful stop needs SIGTERM or,
/// for PostgreSQL's fast shutdown, SIGINT.
/// </summary>
public static partial class Signals
{
    public const int SIGINT = 2;
    public const int SIGKILL = 9;
    public const int SIGTERM = 15;

    public static bool Send(int pid, int signal)
    {
        if (OperatingSystem.IsWindows())
        {
            return false;
        }

        return Kill(pid, signal) == 0;
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
