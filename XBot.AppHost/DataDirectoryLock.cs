using Microsoft.Extensions.DependencyInjection;
using XBot.AppHost.Resources;

namespace XBot.AppHost;

/// <summary>
/// One AppHost per data directory (<c>AppHost:DataDirectory</c>). A second <c>dotnet run</c> on the same folder would
/// find the first one's PostgreSQL, take it for the orphan of a killed run and stop it, then crash on the dashboard's
/// port; instead it is refused at once, saying which process holds the folder. The lock is an exclusive lock on
/// <c>apphost.lock</c> in the folder (flock on Unix), so the kernel releases it when its process dies: a killed
/// AppHost never leaves a stale lock behind. The holder's pid is kept beside it, for the message.
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    private readonly FileStream _lock;
    private readonly string _pidFile;

    private DataDirectoryLock(FileStream @lock, string pidFile)
    {
        _lock = @lock;
        _pidFile = pidFile;
    }

    /// <summary>Takes the folder's lock, or says who holds it and what to do.</summary>
    public static DataDirectoryLock? TryTake(string dataDirectory, out string? problem)
    {
        var lockFile = Path.Combine(dataDirectory, "apphost.lock");
        var pidFile = Path.Combine(dataDirectory, "apphost.pid");
        FileStream? stream = null;
        try
        {
            Directory.CreateDirectory(dataDirectory);
            stream = new FileStream(lockFile, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            File.WriteAllText(pidFile, $"{Environment.ProcessId}");
            problem = null;
            return new DataDirectoryLock(stream, pidFile);
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException || (ex is IOException io && (stream is not null || !IsHeldByAnother(io))))
        {
            stream?.Dispose();
            problem = $"The data directory {dataDirectory} can't be used: {ex.Message} Set AppHost:DataDirectory to a folder this user can write.";
            return null;
        }
        catch (IOException)
        {
            int? pid = File.Exists(pidFile) && int.TryParse(File.ReadAllText(pidFile).Trim(), out var read) ? read : null;
            problem =
                $"Another XBot AppHost{(pid is null ? "" : $" (pid {pid})")} is already running on the data directory {dataDirectory}. " +
                $"Use that one (its console and dashboard addresses are in its output), or stop it first " +
                $"(Ctrl+C in its terminal{(pid is null ? "" : $", or kill {pid}")}) and run this again.";
            return null;
        }
    }

    // The lock is taken: on Unix .NET reports flock's EWOULDBLOCK as the raw errno (11 on Linux, 35 on macOS), on
    // Windows a sharing violation (ERROR_SHARING_VIOLATION, 32). Any other error is the folder's, not another AppHost's.
    private static bool IsHeldByAnother(IOException ex) =>
        OperatingSystem.IsWindows() ? (ex.HResult & 0xFFFF) == 32
        : OperatingSystem.IsMacOS() ? ex.HResult == 35
        : ex.HResult == 11;

    public void Dispose()
    {
        try
        {
            File.Delete(_pidFile);
        }
        catch (IOException)
        {
        }
        _lock.Dispose();
    }
}

public static class DataDirectoryLockExtensions
{
    /// <summary>
    /// Takes the data directory's lock for the life of the app (released when its services are disposed, or by the
    /// kernel when the process ends); false, with the message to print, when another AppHost holds it.
    /// </summary>
    public static bool TryLockDataDirectory(this IDistributedApplicationBuilder builder, out string? problem)
    {
        var taken = DataDirectoryLock.TryTake(PostgresBuilderExtensions.DataDirectory(builder.Configuration), out problem);
        if (taken is null)
        {
            return false;
        }
        // Made by a factory and resolved at start, so the container owns it and disposes it with the app: a test
        // that stops a stack and starts another on the same folder, in one process, gets the lock back.
        builder.Services.AddSingleton(_ => taken);
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            @event.Services.GetRequiredService<DataDirectoryLock>();
            return Task.CompletedTask;
        });
        return true;
    }
}
