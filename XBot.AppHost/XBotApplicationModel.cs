using XBot.AppHost.Commands;
using XBot.AppHost.Resources;

namespace XBot.AppHost;

/// <summary>
/// The application model: Redis and PostgreSQL (run here as executables, or servers someone else runs), the migrations,
/// the api, the worker, the console, and optionally the X stand-in and a simulated clock.
/// </summary>
public static class XBotApplicationModel
{
    /// <summary>Adds every resource; an <see cref="AppHostConfigurationException"/> says which setting or prerequisite is wrong.</summary>
    public static void AddXBotApplication(this IDistributedApplicationBuilder builder)
    {
        var adminPassword = builder.AddGeneratedSecret("admin-password", length: 24);
        var adminApiKey = builder.AddGeneratedSecret("admin-api-key", length: 40);

        // A configured ConnectionStrings:cache or :xbotdb is a server someone else runs; otherwise the AppHost runs its own,
        // as executables (no Docker needed).
        IResourceBuilder<IResourceWithConnectionString> cache = builder.HasConnectionString("cache")
            ? builder.AddConnectionString("cache")
            : builder.AddRedisServer("cache");
        IResourceBuilder<IResourceWithConnectionString> xbotdb = builder.HasConnectionString("xbotdb")
            ? builder.AddConnectionString("xbotdb")
            : builder.AddPostgresServer("postgres").AddDatabase("xbotdb");

        // Locally every service speaks plain http, so none needs the ASP.NET Core development certificate (and the dashboard
        // raises no "no trusted development certificate" warning on machines that have none).

        // Migrations run once, before the services: their schema guard refuses an unmigrated database.
        var migrations = builder.AddProject<Projects.XBot_Worker>("migrations")
            .WithArgs("db", "migrate")
            .WithoutHttpsCertificate()
            .WithAppHostEnvironment()
            .WithReference(xbotdb)
            .WaitFor(xbotdb);

        var api = builder.AddProject<Projects.XBot_Api>("api")
            .WithoutHttpsCertificate()
            .WithAppHostEnvironment()
            .WithReference(cache)
            .WithReference(xbotdb)
            .WaitFor(cache)
            .WaitFor(xbotdb)
            .WaitForCompletion(migrations)
            .WithEnvironment("Admin__ApiKey", adminApiKey)
            .WithOptionalSecrets("OPENAI_API_KEY")
            .WithHttpHealthCheck("/health")
            .WithUrl("/health", "api health");

        var worker = builder.AddProject<Projects.XBot_Worker>("worker")
            .WithoutHttpsCertificate()
            .WithAppHostEnvironment()
            .WithHttpEndpoint()
            .WithReference(cache)
            .WithReference(xbotdb)
            .WaitFor(cache)
            .WaitFor(xbotdb)
            .WaitForCompletion(migrations)
            .WithHttpHealthCheck("/health")
            .WithOptionalSecrets("ALERT_WEBHOOK_URL", "EMERGENCY_WEBHOOK_URL", "OPENAI_API_KEY")
            .WithRunbookCommands();

        // AppHost:X=simulator runs the X stand-in and points the worker's real X client at it, live, so the whole loop
        // runs offline. AppHost:TimeScale (simulator mode only) then runs worker, api and stand-in on one simulated clock.
        var simulator = XMode.IsSimulator(builder.Configuration);
        var timeScale = SimulatedClockExtensions.TimeScale(builder.Configuration, simulator);
        (string Epoch, double Scale, EndpointReference XApi)? simulatedClock = null;
        if (simulator)
        {
            var x = worker.WithXSimulator(builder);
            if (timeScale is { } scale)
            {
                var epoch = SimulatedClockExtensions.NewEpoch(TimeProvider.System);
                worker.WithSimulatedClock(epoch, scale);
                x.WithSimulatedClock(epoch, scale);
                // The api refuses a simulated clock unless X is a stand-in, as the worker does; it never posts.
                api.WithSimulatedClock(epoch, scale).WithEnvironment("X_API_BASE_URL", x.GetEndpoint("http"));
                simulatedClock = (epoch, scale, x.GetEndpoint("http"));
            }
        }
        api.WithLocalStackFile(cache, xbotdb, simulatedClock);

        builder.AddProject<Projects.XBot_Web>("web")
            .WithoutHttpsCertificate()
            .WithAppHostEnvironment()
            .WithReference(api)
            .WaitFor(api)
            .WithEnvironment("Admin__Password", adminPassword)
            .WithEnvironment("Admin__ApiKey", adminApiKey)
            .WithHttpHealthCheck("/health")
            .WithUrlForEndpoint("http", url => url.DisplayText = "XBot console")
            .WithSignInBanner();
    }
}
