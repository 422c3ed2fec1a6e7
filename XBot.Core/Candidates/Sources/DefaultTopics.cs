namespace XBot.Core.Candidates.Sources;

/// <summary>
/// What a fresh install says when configuration names no topics: per topic, practices (what to do) and
/// reasons (why), joined into tips and set in one of several formats. Every practice-reason pair is a tip
/// of its own and appears once, so the catalogue holds topics × practices × reasons posts, none a
/// near-duplicate of another (docs/safety.md measures the check that decides that).
/// </summary>
internal static class DefaultTopics
{
    /// <summary>Formats: <c>{tip}</c> is the practice and its reason, <c>{topic}</c> and <c>{hashtag}</c> the topic.</summary>
    public static readonly string[] Formats =
    [
        "Small habit, big payoff: {tip} {hashtag}",
        "Today's reminder for anyone working on {topic}: {tip}",
        "One thing I wish I had learned sooner: {tip} {hashtag}",
        "{tip} Simple, but it saves hours. {hashtag}",
        "A rule our team keeps: {tip}",
        "If you remember one thing this week: {tip} {hashtag}",
    ];

    private static readonly Dictionary<string, (string[] Practices, string[] Reasons)> Catalogue = new(StringComparer.OrdinalIgnoreCase)
    {
        ["dotnet"] = (
        [
            "pass a CancellationToken all the way down",
            "inject TimeProvider instead of reading the system clock",
            "validate options when the host starts",
            "keep BackgroundService loops small and let them catch and log",
            "measure with BenchmarkDotNet before optimising",
            "turn on nullable reference types in every project",
            "treat warnings as errors in the build",
            "register HttpClient through the factory",
            "use source-generated logging for hot paths",
            "keep package versions in one central props file",
            "await every task you start",
            "prefer records for messages that cross a boundary",
            "write integration tests against real databases",
            "give every outgoing call a timeout",
            "log with structured templates rather than interpolated strings",
            "read configuration through typed options classes",
        ],
        [
            "so a slow request stops when the caller gives up.",
            "and tests stop depending on luck.",
            "because a typo should fail the deploy, not the night shift.",
            "which keeps one bad message from stopping the service.",
            "since guesses about speed are wrong more often than right.",
            "so reviewers spend time on design instead of trivia.",
            "and the next engineer inherits fewer surprises.",
            "because the bug you prevent is the cheapest one.",
            "so production behaves the way your laptop did.",
            "and upgrades turn into one small pull request.",
        ]),
        ["observability"] = (
        [
            "log why a decision was made, not only that it happened",
            "delete every alert nobody acts on",
            "trace the slow path before the common one",
            "put the SLO next to the dashboard",
            "keep liveness checks free of dependencies",
            "attach a request id to every log line",
            "sample traces by latency instead of at random",
            "page on symptoms users feel",
            "write the runbook link into each alert",
            "record deploys as events on your graphs",
            "count errors by cause, not only by status code",
            "keep metric label values few and bounded",
            "review dashboards with the people who get paged",
            "measure queue depth as well as throughput",
            "give every health check its own timeout",
            "alert on the error budget burn rate",
        ],
        [
            "so the person on call understands the system at a glance.",
            "because noise teaches people to ignore the pager.",
            "and incidents end with a cause rather than a guess.",
            "since everyone should read the same number.",
            "so a restart loop never hides a real outage.",
            "which turns a week of digging into one search.",
            "and the graphs answer questions before anyone asks.",
            "because users notice problems long before averages do.",
            "so the next incident is shorter than the last.",
            "and new teammates learn the system from its signals.",
        ]),
        ["reliability"] = (
        [
            "record the intent before calling the outside world",
            "make every retry idempotent",
            "put a circuit breaker in front of fragile dependencies",
            "practise the rollback before release day",
            "make every migration additive",
            "keep a unique index as the last line against duplicates",
            "set a deadline on every queue consumer",
            "reconcile unknown outcomes against the source of truth",
            "restore a backup every month",
            "limit the blast radius with gradual rollouts",
            "store secrets outside the repository",
            "write the post-mortem while details are fresh",
            "give each service its own connection pool limits",
            "run chaos drills on a quiet afternoon",
            "keep feature flags short-lived and owned",
            "degrade to a safe mode when a dependency fails",
        ],
        [
            "so a crash never costs you a duplicate.",
            "because hope is not a recovery strategy.",
            "and the worst day becomes a boring one.",
            "since the only tested backup is a restored one.",
            "so one failure stays one failure.",
            "which keeps Friday deploys uneventful.",
            "and customers never learn there was a problem.",
            "because the incident you rehearse is half solved.",
            "so you sleep through the night on call.",
            "and the system fails closed instead of open.",
        ]),
    };

    public static IReadOnlyList<TopicOptions> All { get; } =
        [.. Catalogue.Keys.Select(name => new TopicOptions { Name = name })];

    /// <summary>Every post of a built-in topic, in catalogue order; empty for a topic the catalogue does not know.</summary>
    public static IReadOnlyList<string> PostsFor(string topic)
    {
        if (!Catalogue.TryGetValue(topic, out var entry))
        {
            return [];
        }
        var posts = new List<string>(entry.Practices.Length * entry.Reasons.Length);
        for (var r = 0; r < entry.Reasons.Length; r++)
        {
            for (var p = 0; p < entry.Practices.Length; p++)
            {
                // Each tip once, in a format that moves with both indices so neighbours differ in form too.
                var format = Formats[(p + 2 * r) % Formats.Length];
                var tip = Capitalise(format, entry.Practices[p]) + " " + entry.Reasons[r];
                posts.Add(format.Replace("{tip}", tip, StringComparison.Ordinal));
            }
        }
        return posts;
    }

    private static string Capitalise(string format, string practice) =>
        format.StartsWith("{tip}", StringComparison.Ordinal) || format.Contains(": {tip}", StringComparison.Ordinal)
            ? char.ToUpperInvariant(practice[0]) + practice[1..]
            : practice;
}
