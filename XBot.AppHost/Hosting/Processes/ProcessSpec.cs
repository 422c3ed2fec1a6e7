namespace XBot.AppHost.Hosting.Processes;

/// <summary>What to run for a resource, and how to ask it to stop.</summary>
public sealed record ProcessSpec(
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    IReadOnlyDictionary<string, string?> Environment,
    int StopSignal = Signals.SIGTERM);
