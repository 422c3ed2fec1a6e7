using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using XBot.Core.Posting.XApi;
using XBot.XSimulator.Options;
using XBot.XSimulator.Simulation;

namespace XBot.XSimulator;

/// <summary>
/// The stand-in as a library: <c>await using var sim = await XSimulatorHost.StartAsync(options, fakeTime);</c>
/// starts it on 127.0.0.1 with a free port. Point the real client at it with <see cref="ClientSettings"/>.
/// </summary>
public sealed class XSimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private XSimulatorHost(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
        State = app.Services.GetRequiredService<XSimulatorState>();
    }

    public Uri BaseAddress { get; }

    /// <summary>The live state: posts, request log, faults, clock, ground truth.</summary>
    public XSimulatorState State { get; }

    public SimCredentialsOptions Credentials => State.Options.Credentials;

    /// <summary>The settings that point XBot's X client at this stand-in (<c>X_API_BASE_URL</c> and the <c>TWITTER_*</c> credentials).</summary>
    public IReadOnlyDictionary<string, string?> ClientSettings => new Dictionary<string, string?>
    {
        [XApiOptionsBinder.BaseUrl] = BaseAddress.ToString(),
        [XApiOptionsBinder.ApiKey] = Credentials.ConsumerKey,
        [XApiOptionsBinder.ApiSecret] = Credentials.ConsumerSecret,
        [XApiOptionsBinder.AccessToken] = Credentials.AccessToken,
        [XApiOptionsBinder.AccessTokenSecret] = Credentials.AccessTokenSecret,
    };

    public static async Task<XSimulatorHost> StartAsync(XSimulatorOptions? options = null, TimeProvider? baseClock = null, CancellationToken cancellationToken = default)
    {
        // An empty builder: no appsettings or environment from the host process leak into a test's stand-in.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ApplicationName = typeof(XSimulatorHost).Assembly.GetName().Name });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Services.AddRoutingCore();
        builder.Services.AddLogging();
        builder.Services.AddXSimulator(options ?? new XSimulatorOptions(), baseClock);

        var app = builder.Build();
        app.UseRouting();
        app.MapXSimulator();
        await app.StartAsync(cancellationToken);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new XSimulatorHost(app, new Uri(address.TrimEnd('/') + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
