namespace XBot.Tests.Learning;

/// <summary>
/// Candidate texts for the learning simulations: the topic's hashtag (the stand-in's ground truth keys on it),
/// a serial number, and twelve words drawn from a vocabulary wide enough that no two texts are near-duplicates.
/// </summary>
public static class SimulatedPostText
{
    private static readonly string[] Words =
    [
        "cache", "queue", "latency", "budget", "review", "rollout", "metric", "schema", "index", "backup", "trace", "alert",
        "team", "habit", "focus", "sprint", "design", "model", "prompt", "dataset", "cluster", "deploy", "pipeline", "config",
        "release", "incident", "runbook", "canary", "shard", "replica", "window", "retry", "timeout", "token", "vector", "agent",
        "notebook", "meeting", "calendar", "inbox", "script", "compiler", "kernel", "storage", "network", "browser", "editor", "terminal",
    ];

    public static string For(string topic, int serial, Random random) =>
        $"#{topic} {serial} {string.Join(' ', Enumerable.Range(0, 12).Select(_ => Words[random.Next(Words.Length)]))}";
}
