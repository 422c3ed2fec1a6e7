namespace XBot.XSimulator.Options;

/// <summary>
/// The stand-in's settings, bound from the <c>XSimulator</c> configuration section
/// (<c>XSimulator__Seed=7</c>, <c>XSimulator__RateLimits__PostsPer24Hours=100</c>, ...).
/// Every value has a working default, so the stand-in runs with no configuration at all.
/// </summary>
public sealed class XSimulatorOptions
{
    public const string Section = "XSimulator";

    /// <summary>The only credentials it accepts. The defaults are fixed, public test values, not secrets.</summary>
    public SimCredentialsOptions Credentials { get; set; } = new();

    /// <summary>The account the access token belongs to.</summary>
    public SimAccountOptions Account { get; set; } = new();

    public SimRateLimitOptions RateLimits { get; set; } = new();

    public GroundTruthOptions GroundTruth { get; set; } = new();

    /// <summary>Seeds every random draw of the engagement model: the same seed and the same posts give the same metrics.</summary>
    public int Seed { get; set; } = 42;

    /// <summary>
    /// How far an OAuth timestamp may be from the stand-in's own (unshifted) clock; zero turns the
    /// check off. Replayed nonces within this window are refused too.
    /// </summary>
    public TimeSpan TimestampTolerance { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a 429 storm lasts when the admin call doesn't say.</summary>
    public TimeSpan StormDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Return texts as X does: URLs as t.co links, &amp; &lt; &gt; HTML-escaped.</summary>
    public bool RenderLikeX { get; set; } = true;
}

public sealed class SimCredentialsOptions
{
    public string ConsumerKey { get; set; } = "xsim-consumer-key";
    public string ConsumerSecret { get; set; } = "xsim-consumer-secret";
    public string AccessToken { get; set; } = "1500000000000000001-xsim-access-token";
    public string AccessTokenSecret { get; set; } = "xsim-access-token-secret";
}

public sealed class SimAccountOptions
{
    public string Id { get; set; } = "1500000000000000001";
    public string Username { get; set; } = "xbot_sim";
    public string Name { get; set; } = "XBot Simulator";
}

/// <summary>X's Free-tier limits by default: 17 posts per 24 h per user and per app; reads per 15 minutes.</summary>
public sealed class SimRateLimitOptions
{
    public int PostsPer24Hours { get; set; } = 17;
    public int AppPostsPer24Hours { get; set; } = 17;
    public int PostsPer15Minutes { get; set; } = 100;
    public int ReadsPer15Minutes { get; set; } = 300;
}
