using Microsoft.Extensions.Configuration;

namespace XBot.AppHost.Hosting.Testing;

/// <summary>
/// The AppHost's launch as a library for tests, in the spirit of Aspire.Hosting.Testing: free ports,
/// a throwaway data folder, generated secrets kept in memory, and output kept rather than printed.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>The whole XBot stack, isolated.</summary>
    public static DistributedApplicationBuilder CreateXBot(IDictionary<string, string?>? configuration = null, Action<AppHostOptions>? configure = null) =>
        Create(configuration, configure).AddXBot();

    /// <summary>An empty builder with testing defaults, to declare resources on.</summary>
    public static DistributedApplicationBuilder Create(IDictionary<string, string?>? configuration = null, Action<AppHostOptions>? configure = null)
    {
        var config = new ConfigurationBuilder()
            .AddInMemoryCollection(configuration ?? new Dictionary<string, string?>())
            .Build();

        var options = DistributedApplicationBuilder.BindOptions(config);
        options.UseFreePorts = true;
        options.DataDirectory ??= Path.Combine(Path.GetTempPath(), "xbot-apphost-tests", Guid.NewGuid().ToString("N"));
        options.DeleteDataOnDispose = true;
        options.FastUnsafePostgres = true;
        options.ShowStatus = false;
        options.EchoOutput = Environment.GetEnvironmentVariable("XBOT_TEST_ECHO") == "1";
        options.StopTimeout = TimeSpan.FromSeconds(10);
        options.HealthCheckInterval = TimeSpan.FromMilliseconds(250);
        configure?.Invoke(options);

        return new DistributedApplicationBuilder(config, options, new InMemorySecretStore(), RepositoryLayout.FromBuild());
    }
}
