using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using XBot.Core.Posting.XApi;
using XBot.XSimulator;
using XBot.XSimulator.Options;

namespace XBot.Tests.Posting.XApi;

/// <summary>
/// The real X client, registered as a service gets it (ServiceDefaults, whose standard resilience handler
/// AddXApi must replace, then AddXApi), pointed at an in-process X stand-in over loopback HTTP. Client
/// and stand-in share one FakeTimeProvider, so windows, resets and timeouts move only when a test says.
/// </summary>
internal sealed class XApiHarness : IAsyncDisposable
{
    public static readonly DateTimeOffset Start = new(2025, 6, 2, 12, 0, 0, TimeSpan.Zero);

    private XApiHarness(FakeTimeProvider time, XSimulatorHost sim, IHost host)
    {
        Time = time;
        Sim = sim;
        Host = host;
    }

    public FakeTimeProvider Time { get; }

    public XSimulatorHost Sim { get; }

    public IHost Host { get; }

    public IXApiClient Client => Host.Services.GetRequiredService<IXApiClient>();

    public XApiOptions Options => Host.Services.GetRequiredService<XApiOptions>();

    public static async Task<XApiHarness> StartAsync(XSimulatorOptions? simulator = null, Action<Dictionary<string, string?>>? settings = null, Action<IServiceCollection>? services = null)
    {
        var time = new FakeTimeProvider(Start);
        var sim = await XSimulatorHost.StartAsync(simulator, time);
        try
        {
            var values = new Dictionary<string, string?>(sim.ClientSettings)
            {
                ["LIVE_POSTS"] = "true",
                // Back-off waits would run on the fake clock; the retry count, not its spacing, is under test.
                ["X_API_RETRY_DELAY_MS"] = "0",
            };
            settings?.Invoke(values);

            var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.AddSingleton<TimeProvider>(time);
            builder.AddServiceDefaults();
            builder.Services.AddXApi(builder.Configuration);
            services?.Invoke(builder.Services);
            return new XApiHarness(time, sim, builder.Build());
        }
        catch
        {
            await sim.DisposeAsync();
            throw;
        }
    }

    /// <summary>Options with limits high enough for tests that post a lot.</summary>
    public static XSimulatorOptions Roomy(Action<XSimulatorOptions>? configure = null)
    {
        var options = new XSimulatorOptions();
        options.RateLimits.PostsPer24Hours = 10_000;
        options.RateLimits.AppPostsPer24Hours = 10_000;
        options.RateLimits.PostsPer15Minutes = 10_000;
        options.RateLimits.ReadsPer15Minutes = 10_000;
        configure?.Invoke(options);
        return options;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            // Polly's disposal waits for executions in flight, on the fake clock; a client bug that leaves
            // one waiting (a retry it shouldn't make) would hang here, so the wait gets a deadline.
            await Task.Run(Host.Dispose).WaitAsync(TimeSpan.FromMinutes(1));
        }
        finally
        {
            await Sim.DisposeAsync();
        }
    }
}
