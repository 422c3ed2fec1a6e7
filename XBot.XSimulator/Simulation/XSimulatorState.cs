using XBot.Core.Posting.XApi;
using XBot.Core.Time;
using XBot.XSimulator.Auth;
using XBot.XSimulator.Options;

namespace XBot.XSimulator.Simulation;

/// <summary>
/// Everything the stand-in holds, in one singleton: clock, posts, request log, armed faults, rate-limit
/// windows and the ground truth. Tests that host it in-process read it directly; the admin API exposes it.
/// </summary>
public sealed class XSimulatorState
{
    private GroundTruth _groundTruth;

    public XSimulatorState(XSimulatorOptions options, TimeProvider baseClock)
    {
        Validate(options);
        Options = options;
        Clock = new SimClock(baseClock);
        _groundTruth = GroundTruth.From(options.GroundTruth);
        Faults = new FaultInjector(Clock, options.StormDuration);
        RateLimits = new SimRateLimiter(Clock);
        // Under a simulated clock a request's real latency is stretched by the scale on the way from the signer to here,
        // so the tolerance (a bound on real skew and latency) is stretched as much.
        Verifier = new OAuth1Verifier(options.Credentials, Nonces, baseClock, options.TimestampTolerance * baseClock.Scale());
    }

    public XSimulatorOptions Options { get; }

    public SimClock Clock { get; }

    /// <summary>Ids from the wall clock, not the simulated one: they must stay unique across restarts of the stand-in.</summary>
    public SimPostStore Posts { get; } = new(new SnowflakeIds(TimeProvider.System));

    public RequestLog Requests { get; } = new();

    public FaultInjector Faults { get; }

    public SimRateLimiter RateLimits { get; }

    public NonceCache Nonces { get; } = new();

    public OAuth1Verifier Verifier { get; }

    public GroundTruth GroundTruth
    {
        get => Volatile.Read(ref _groundTruth);
        set => Volatile.Write(ref _groundTruth, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Posts <paramref name="text"/> for the account; null when it is a duplicate.</summary>
    public SimPost? CreatePost(string text)
    {
        var topic = TopicClassifier.Classify(text, GroundTruth);
        var display = Options.RenderLikeX ? XTextRenderer.Render(text) : text;
        var now = Clock.GetUtcNow();
        return Posts.TryCreate(Options.Account.Id, text, (sequence, id) => new SimPost(id, sequence, Options.Account.Id, text, display, topic, now));
    }

    public SimMetrics MetricsOf(SimPost post) => EngagementModel.Metrics(GroundTruth, Options.Seed, post, Clock.GetUtcNow());

    public double ExpectedRateOf(SimPost post) => EngagementModel.ExpectedRate(GroundTruth, post.Topic, post.CreatedAt);

    /// <summary>The limits an endpoint is subject to, as X's Free tier documents them (sizes from the options).</summary>
    public IReadOnlyList<SimLimit> LimitsFor(string endpoint)
    {
        var limits = Options.RateLimits;
        return endpoint == XEndpoints.CreateTweet
            ?
            [
                new SimLimit(XRateLimitScope.Endpoint, limits.PostsPer15Minutes, TimeSpan.FromMinutes(15)),
                new SimLimit(XRateLimitScope.User24Hour, limits.PostsPer24Hours, TimeSpan.FromHours(24)),
                new SimLimit(XRateLimitScope.App24Hour, limits.AppPostsPer24Hours, TimeSpan.FromHours(24)),
            ]
            : [new SimLimit(XRateLimitScope.Endpoint, limits.ReadsPer15Minutes, TimeSpan.FromMinutes(15))];
    }

    /// <summary>Back to a fresh start: no posts, requests, faults, windows or clock offset; the ground truth from the options.</summary>
    public void Reset()
    {
        Posts.Clear();
        Requests.Clear();
        Faults.Clear();
        RateLimits.Clear();
        Nonces.Clear();
        Clock.Reset();
        GroundTruth = GroundTruth.From(Options.GroundTruth);
    }

    private static void Validate(XSimulatorOptions options)
    {
        var errors = new List<string>();
        const string prefix = XSimulatorOptions.Section + ":";
        var credentials = options.Credentials;
        foreach (var (name, value) in new[]
                 {
                     ("ConsumerKey", credentials.ConsumerKey), ("ConsumerSecret", credentials.ConsumerSecret),
                     ("AccessToken", credentials.AccessToken), ("AccessTokenSecret", credentials.AccessTokenSecret),
                 })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors.Add($"{prefix}Credentials:{name} is empty; give it a value (the defaults work).");
            }
        }
        if (options.Account.Id is not { Length: > 0 and <= 19 } id || !id.All(char.IsAsciiDigit))
        {
            errors.Add($"{prefix}Account:Id is '{options.Account.Id}'; use a decimal number of up to 19 digits.");
        }
        foreach (var (name, value) in new[]
                 {
                     ("PostsPer24Hours", options.RateLimits.PostsPer24Hours), ("AppPostsPer24Hours", options.RateLimits.AppPostsPer24Hours),
                     ("PostsPer15Minutes", options.RateLimits.PostsPer15Minutes), ("ReadsPer15Minutes", options.RateLimits.ReadsPer15Minutes),
                 })
        {
            if (value is < 1 or > 1_000_000)
            {
                errors.Add($"{prefix}RateLimits:{name} is {value}; use 1 to 1000000.");
            }
        }
        if (options.TimestampTolerance < TimeSpan.Zero)
        {
            errors.Add($"{prefix}TimestampTolerance is {options.TimestampTolerance}; use 0 (no check) or a positive duration such as 00:15:00.");
        }
        if (options.StormDuration <= TimeSpan.Zero)
        {
            errors.Add($"{prefix}StormDuration is {options.StormDuration}; use a positive duration such as 00:15:00.");
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid X stand-in configuration: " + string.Join(" ", errors));
        }
    }
}
