using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace XBot.AppHost;

/// <summary>What the local-stack file holds: who wrote it, and how to reach the stack it runs.</summary>
public sealed record LocalStack(int Pid, DateTimeOffset ProcessStartedAt, DateTimeOffset WrittenAt, string Cache, string Xbotdb, string? Api, LocalStackClock? SimulatedClock = null);

/// <summary>
/// The stack's simulated clock (<c>AppHost:TimeScale</c>) and the stand-in it is valid with: a CLI verb run from a terminal
/// must compute the same simulated time as the worker, or it would stamp rows, arms and audit events in the past.
/// </summary>
public sealed record LocalStackClock(string Epoch, double Scale, string XApiBaseUrl);

/// <summary>
/// Lets the worker's CLI find the stack this AppHost runs without anyone copying connection strings: once the api
/// is ready (so Redis, PostgreSQL and the migrations are too), the AppHost writes the cache and xbotdb connection
/// strings and the api URL to <c>$XDG_STATE_HOME/xbot/local-stack.json</c> (else <c>~/.local/state/xbot/</c>; or
/// <c>AppHost:LocalStackFile</c>), readable by its owner only (it holds the PostgreSQL password), and deletes it
/// when it stops. The file names the AppHost's process, so a file left by a killed AppHost is recognised as stale.
/// </summary>
public static class LocalStackFile
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Where the file goes unless <c>AppHost:LocalStackFile</c> says otherwise; the CLI looks in the same place.</summary>
    public static string DefaultPath(Func<string, string?> environment)
    {
        var state = environment("XDG_STATE_HOME") is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(environment("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "xbot", "local-stack.json");
    }

    public static IResourceBuilder<ProjectResource> WithLocalStackFile(
        this IResourceBuilder<ProjectResource> api,
        IResourceBuilder<IResourceWithConnectionString> cache,
        IResourceBuilder<IResourceWithConnectionString> xbotdb,
        (string Epoch, double Scale, EndpointReference XApi)? simulatedClock = null)
    {
        var path = api.ApplicationBuilder.Configuration["AppHost:LocalStackFile"] is { Length: > 0 } configured
            ? configured
            : DefaultPath(Environment.GetEnvironmentVariable);
        api.ApplicationBuilder.Eventing.Subscribe<ResourceReadyEvent>(api.Resource, async (@event, cancellationToken) =>
        {
            var logger = @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("XBot.AppHost");
            try
            {
                using var self = Process.GetCurrentProcess();
                var stack = new LocalStack(
                    Environment.ProcessId,
                    self.StartTime.ToUniversalTime(),
                    DateTimeOffset.UtcNow,
                    await cache.Resource.GetConnectionStringAsync(cancellationToken) ?? "",
                    await xbotdb.Resource.GetConnectionStringAsync(cancellationToken) ?? "",
                    api.GetEndpoint("http").Url,
                    simulatedClock is { } clock ? new LocalStackClock(clock.Epoch, clock.Scale, clock.XApi.Url) : null);
                Write(path, stack);
                @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => DeleteIfOurs(path, stack.Pid));
                logger.LogInformation("The CLI finds this stack through {Path}: dotnet run --project XBot.Worker -- health", path);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The stack runs fine without it; the CLI then needs the connection strings set by hand.
                logger.LogWarning("Could not write the local-stack file {Path}: {Error}", path, ex.Message);
            }
        });
        return api;
    }

    /// <summary>Writes the file whole (a temporary file moved over it), mode 0600 in a 0700 folder on Unix.</summary>
    public static void Write(string path, LocalStack stack)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else
        {
            Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }
        using (var stream = new FileStream(temporary, options))
        {
            JsonSerializer.Serialize(stream, stack, Json);
        }
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Deletes the file if this process wrote it: another AppHost may have replaced it since.</summary>
    public static void DeleteIfOurs(string path, int pid)
    {
        try
        {
            using var stream = File.OpenRead(path);
            if (JsonSerializer.Deserialize<LocalStack>(stream, Json)?.Pid != pid)
            {
                return;
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            return;
        }
        File.Delete(path);
    }
}
