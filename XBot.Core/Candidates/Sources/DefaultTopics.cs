namespace XBot.Core.Candidates.Sources;

/// <summary>The topics and templates used when configuration names none, so a fresh install has something to say.</summary>
internal static class DefaultTopics
{
    private static readonly string[] Framings =
    [
        "Small habit, big payoff: {tip} {hashtag}",
        "Today's reminder for anyone working on {topic}: {tip} {hashtag}",
        "One thing I wish I had learned sooner about {topic}: {tip}",
        "{tip} Simple, but it saves hours. {hashtag}",
    ];

    private static readonly Dictionary<string, string[]> Tips = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dotnet"] =
        [
            "pass a CancellationToken all the way down.",
            "inject TimeProvider instead of calling DateTime.UtcNow, and your tests control the clock.",
            "validate options at start-up so a bad setting fails fast, not at 3 a.m.",
            "prefer small BackgroundService loops that catch, log and go on.",
            "measure before you optimise; BenchmarkDotNet makes it honest.",
        ],
        ["observability"] =
        [
            "log why a decision was made, not only that it happened.",
            "an alert nobody acts on is noise; delete it or fix it.",
            "trace the slow path first, then the common one.",
            "put the SLO next to the dashboard so everyone reads the same number.",
            "health checks should test dependencies, liveness checks should not.",
        ],
        ["reliability"] =
        [
            "record the intent before you call the outside world, then reconcile.",
            "retries without idempotency are how you post twice.",
            "a circuit breaker is a promise to fail fast and recover on your own.",
            "practise the rollback before you need it.",
            "make every migration additive and rollbacks become boring.",
        ],
    };

    public static IReadOnlyList<TopicOptions> All { get; } =
        [.. Tips.Keys.Select(name => new TopicOptions { Name = name, Templates = TemplatesFor(name) })];

    public static List<string> TemplatesFor(string topic) =>
        Tips.TryGetValue(topic, out var tips)
            ? [.. Framings.SelectMany(framing => tips.Select(tip => framing.Replace("{tip}", Capitalise(framing, tip), StringComparison.Ordinal)))]
            : [.. Framings.Select(f => f.Replace("{tip}", "keep it simple and write it down.", StringComparison.Ordinal))];

    private static string Capitalise(string framing, string tip) =>
        framing.StartsWith("{tip}", StringComparison.Ordinal) || framing.Contains(": {tip}", StringComparison.Ordinal)
            ? char.ToUpperInvariant(tip[0]) + tip[1..]
            : tip;
}
