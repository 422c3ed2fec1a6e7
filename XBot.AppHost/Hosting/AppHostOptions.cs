namespace XBot.AppHost.Hosting;

/// <summary>How the orchestrator runs, bound from the <c>AppHost</c> configuration section.</summary>
public sealed class AppHostOptions
{
    public const string Section = "AppHost";

    /// <summary>Where the PostgreSQL cluster lives. Defaults to a per-user folder that survives restarts.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Stable ports for resources with an HTTP endpoint (web, api). Others get a free port at start.</summary>
    public Dictionary<string, int> Ports { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Ignore <see cref="Ports"/> and take free ports for everything (tests run side by side).</summary>
    public bool UseFreePorts { get; set; }

    /// <summary>How long a resource may take to stop after the stop signal before it is killed.</summary>
    public TimeSpan StopTimeout { get; set; } = TimeSpan.FromSeconds(15);

    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan HealthCheckTimeout { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RestartBackoffInitial { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RestartBackoffMax { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A process that ran this long before it crashed restarts without backoff history.</summary>
    public TimeSpan RestartBackoffReset { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary><c>auto</c> (redis-server from PATH, else Garnet), <c>redis-server</c> or <c>garnet</c>.</summary>
    public string Redis { get; set; } = "auto";

    /// <summary>A folder holding <c>initdb</c> and <c>postgres</c>; found on PATH or in the usual install folders when unset.</summary>
    public string? PostgresBinDirectory { get; set; }

    /// <summary>The unprivileged account PostgreSQL runs as when the AppHost runs as root.</summary>
    public string PostgresOsUser { get; set; } = "postgres";

    /// <summary>Turn off fsync and friends: for throwaway test clusters only.</summary>
    public bool FastUnsafePostgres { get; set; }

    public string EnvironmentName { get; set; } = "Development";

    /// <summary>Print the status table whenever a resource changes state.</summary>
    public bool ShowStatus { get; set; } = true;

    /// <summary>Write every resource's output to the console, prefixed with its name.</summary>
    public bool EchoOutput { get; set; } = true;

    /// <summary>Delete <see cref="DataDirectory"/> when the application is disposed (isolated test runs).</summary>
    public bool DeleteDataOnDispose { get; set; }
}
