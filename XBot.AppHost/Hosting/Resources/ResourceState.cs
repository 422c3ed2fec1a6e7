namespace XBot.AppHost.Hosting.Resources;

public enum ResourceState
{
    NotStarted,
    Waiting,
    Starting,
    Running,
    /// <summary>Configured to use a server someone else runs; nothing is started.</summary>
    External,
    Exited,
    Restarting,
    Stopping,
    Stopped,
    /// <summary>A run-to-completion resource (a migration job) that exited with code 0.</summary>
    Finished,
    FailedToStart,
}

public enum HealthStatus
{
    Unknown,
    Healthy,
    Unhealthy,
}

/// <summary>What the status view shows for one resource at one moment.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Kind,
    ResourceState State,
    HealthStatus Health,
    string? Url,
    int RestartCount,
    int? ProcessId,
    int? ExitCode,
    string? Message);
