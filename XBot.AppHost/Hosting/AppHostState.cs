using System.Text.Json;
using XBot.AppHost.Hosting.Processes;

namespace XBot.AppHost.Hosting;

/// <summary>
/// What a running AppHost tells other commands about itself: its pid and the ports it gave out.
/// Kept in the data folder while it runs, so that <c>dotnet run --project XBot.AppHost -- exec worker db migrate</c>
/// reaches the running stack. It holds no secrets: passwords stay in the AppHost's user secrets.
/// </summary>
public sealed record AppHostState(int ProcessId, DateTimeOffset StartedAt, Dictionary<string, int> Ports)
{
    public const string FileName = "apphost-state.json";

    public static string PathIn(string dataDirectory) => Path.Combine(dataDirectory, FileName);

    public void Write(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        File.WriteAllText(PathIn(dataDirectory), JsonSerializer.Serialize(this));
    }

    /// <summary>The state of an AppHost that is running now, or null.</summary>
    public static AppHostState? ReadRunning(string dataDirectory)
    {
        var path = PathIn(dataDirectory);
        if (!File.Exists(path))
        {
            return null;
        }

        var state = JsonSerializer.Deserialize<AppHostState>(File.ReadAllText(path));
        return state is not null && ProcessTree.IsAlive(state.ProcessId) ? state : null;
    }

    public static void Delete(string dataDirectory) => File.Delete(PathIn(dataDirectory));
}
