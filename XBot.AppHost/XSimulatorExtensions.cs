namespace XBot.AppHost;

public static class XSimulatorExtensions
{
    /// <summary>
    /// Runs the X stand-in and points the worker at it with LIVE_POSTS=true. The OAuth 1.0a credentials are generated
    /// secrets: the stand-in verifies real signatures, so the worker's real X client is exercised end to end.
    /// Returns the stand-in's resource.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithXSimulator(this IResourceBuilder<ProjectResource> worker, IDistributedApplicationBuilder builder)
    {
        var x = builder.AddProject<Projects.XBot_XSimulator>("x")
            .WithoutHttpsCertificate()
            .WithAppHostEnvironment()
            .WithHttpEndpoint()
            .WithHttpHealthCheck("/health")
            .WithUrl("/_sim/posts", "posts the stand-in received");

        (string Credential, string Variable)[] credentials =
        [
            ("ConsumerKey", "TWITTER_API_KEY"),
            ("ConsumerSecret", "TWITTER_API_SECRET"),
            ("AccessToken", "TWITTER_ACCESS_TOKEN"),
            ("AccessTokenSecret", "TWITTER_ACCESS_TOKEN_SECRET"),
        ];
        foreach (var (credential, variable) in credentials)
        {
            var value = builder.AddParameter($"x-{credential.ToLowerInvariant()}", new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true);
            x.WithEnvironment($"XSimulator__Credentials__{credential}", value);
            worker.WithEnvironment(variable, value);
        }

        worker
            .WithEnvironment("X_API_BASE_URL", x.GetEndpoint("http"))
            .WithEnvironment("LIVE_POSTS", "true")
            .WaitFor(x);
        return x;
    }
}
