using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Npgsql;
using XBot.Core.Posting.XApi;
using XBot.Core.Time;
using XBot.ServiceDefaults.Connections;

namespace XBot.Worker.Cli;

/// <summary>The local stack found: the settings to run with, and the line that tells the operator which stack it is.</summary>
public sealed record LocalStackFound(IReadOnlyDictionary<string, string?> Settings, string Description);

/// <summary>
/// When no connection is configured at all (neither <c>ConnectionStrings:cache</c>/<c>:xbotdb</c> nor <c>REDIS_URL</c>/
/// <c>DATABASE_URL</c>), the CLI uses the stack the AppHost is running, through the file the AppHost writes when the
/// stack is ready and deletes when it stops (XBot.AppHost/LocalStackFile.cs): <c>$XDG_STATE_HOME/xbot/local-stack.json</c>,
/// else <c>~/.local/state/xbot/local-stack.json</c>. A file whose AppHost is no longer running is refused, with what to do.
/// </summary>
public static class LocalStackDiscovery
{
    public static string PathFor(IConfiguration configuration)
    {
        var state = configuration["XDG_STATE_HOME"] is { Length: > 0 } xdg
            ? xdg
            : Path.Combine(configuration["HOME"] is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state");
        return Path.Combine(state, "xbot", "local-stack.json");
    }

    /// <summary>Whether any connection setting is given; the local stack is used only when none is.</summary>
    public static bool AnyConnectionConfigured(IConfiguration configuration) =>
        new[] { "ConnectionStrings:cache", "ConnectionStrings:xbotdb", RedisConnection.UrlVariable, PostgresConnection.UrlVariable }
            .Any(key => !string.IsNullOrWhiteSpace(configuration[key]));

    /// <summary>The running local stack, or null when a connection is configured or there is no file; a stale or unreadable file throws.</summary>
    public static LocalStackFound? Find(IConfiguration configuration)
    {
        if (AnyConnectionConfigured(configuration))
        {
            return null;
        }
        var path = PathFor(configuration);
        if (!File.Exists(path))
        {
            return null;
        }

        JsonObject stack;
        try
        {
            stack = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not a JSON object");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            throw new CliException($"No connection is configured and the local stack file {path} can't be read ({ex.Message}). {WhatToDo}", 2);
        }
        var pid = (int?)stack["pid"];
        var cache = (string?)stack["cache"];
        var xbotdb = (string?)stack["xbotdb"];
        if (pid is null || string.IsNullOrWhiteSpace(cache) || string.IsNullOrWhiteSpace(xbotdb))
        {
            throw new CliException($"No connection is configured and the local stack file {path} lacks its pid or connection strings. {WhatToDo}", 2);
        }
        if (!IsRunning(pid.Value, (DateTimeOffset?)stack["processStartedAt"]))
        {
            throw new CliException(
                $"No connection is configured, and the local stack file {path} was left by an AppHost (pid {pid}) that is no longer running, so that stack is gone. {WhatToDo} Delete the file if the AppHost was killed.", 2);
        }

        var settings = new Dictionary<string, string?> { ["ConnectionStrings:cache"] = cache, ["ConnectionStrings:xbotdb"] = xbotdb };
        var clock = "";
        // A stack on a simulated clock (AppHost:TimeScale): the verb runs on the same clock as the worker, against the same
        // stand-in, or what it writes (arms, audit rows, queued posts) would be stamped in the stack's past.
        if (stack["simulatedClock"] is JsonObject simulated && (string?)simulated["epoch"] is { } epoch && (double?)simulated["scale"] is { } scale
            && (string?)simulated["xApiBaseUrl"] is { } standIn)
        {
            settings[SimulatedClock.EpochVariable] = epoch;
            settings[SimulatedClock.ScaleVariable] = scale.ToString("R", CultureInfo.InvariantCulture);
            settings[XApiOptionsBinder.BaseUrl] = standIn;
            clock = string.Create(CultureInfo.InvariantCulture, $", simulated clock {scale}x from {epoch} with the X stand-in {standIn}");
        }
        var description = string.Create(CultureInfo.InvariantCulture,
            $"Using the local stack of the AppHost (pid {pid}) from {path}: Redis {RedisEndpoint(cache)}, PostgreSQL {PostgresEndpoint(xbotdb)}{((string?)stack["api"] is { } api ? $", api {api}" : "")}{clock}.");
        return new LocalStackFound(settings, description);
    }

    private const string WhatToDo =
        "Start the stack with 'dotnet run --project XBot.AppHost', or set ConnectionStrings__cache and ConnectionStrings__xbotdb (or REDIS_URL and DATABASE_URL).";

    /// <summary>The process exists and is the one that wrote the file (a recycled pid has another start time).</summary>
    private static bool IsRunning(int pid, DateTimeOffset? startedAt)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited
                && (startedAt is not { } expected || (process.StartTime.ToUniversalTime() - expected.UtcDateTime).Duration() < TimeSpan.FromSeconds(2));
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    // Where, never the password.
    private static string RedisEndpoint(string connectionString) => connectionString.Split(',', 2)[0].Trim();

    private static string PostgresEndpoint(string connectionString)
    {
        try
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }
        catch (ArgumentException)
        {
            return "(unreadable connection string)";
        }
    }
}
