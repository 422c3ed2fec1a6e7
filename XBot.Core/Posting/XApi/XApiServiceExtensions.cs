using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using XBot.Core.Configuration;
using XBot.Core.Posting.XApi;
using XBot.Core.Time;

namespace Microsoft.Extensions.Hosting;

public static class XApiServiceExtensions
{
    /// <summary>
    /// Registers <see cref="IXApiClient"/> as a typed HttpClient (transient: resolve it per use, don't keep
    /// it in a singleton) and the process-wide <see cref="XRateLimitState"/>. Reads the settings now, so a
    /// bad value or missing credentials under <c>LIVE_POSTS=true</c> stop the service at start-up.
    /// </summary>
    /// <remarks>
    /// Handlers, outermost first: whatever <c>ConfigureHttpClientDefaults</c> added (service discovery;
    /// its standard resilience handler is removed), the X pipeline of <see cref="XApiResilience"/>, the
    /// rate-limit gate and the OAuth 1.0a signer, so that every attempt is checked and freshly signed.
    /// </remarks>
    public static IServiceCollection AddXApi(this IServiceCollection services, IConfiguration configuration)
    {
        if (services.Any(d => d.ServiceType == typeof(XRateLimitState)))
        {
            return services;
        }
        var live = XBotOptionsBinder.Bind(configuration).LivePosts;
        var options = XApiOptionsBinder.Bind(configuration, credentialsRequired: live);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton<XRateLimitState>();
        services.AddSingleton<XRateLimitPersistence>();
        services.AddSingleton<XUnknownHeaderLog>();
        services.AddTransient<XRateLimitHandler>();
        services.AddTransient<OAuth1SigningHandler>();
        services.AddTransient<XBot.Core.Spend.SpendHandler>();

        var http = services.AddHttpClient<IXApiClient, XApiClient>(client =>
        {
            // The pipeline's attempt timeout decides; HttpClient's own 100 s default would only race it.
            client.Timeout = Timeout.InfiniteTimeSpan;
            client.DefaultRequestHeaders.UserAgent.ParseAdd("XBot/1.0");
        });
        // RemoveAllResilienceHandlers is marked experimental, but it is the documented way to replace the
        // handler ConfigureHttpClientDefaults gives every client; keeping that one would retry POSTs.
#pragma warning disable EXTEXP0001
        http.RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
        // Outermost: the ledger sees each final answer once, however often the pipeline retried.
        http.AddHttpMessageHandler<XBot.Core.Spend.SpendHandler>();
        http.AddResilienceHandler(XApiResilience.PipelineName, (builder, context) =>
        {
            // Attempt timeouts and retry delays bound network calls, physical work: under a simulated clock
            // (XBot.Core.Time) they stay in real time instead of shrinking with it.
            if (context.ServiceProvider.GetRequiredService<TimeProvider>() is ScaledTimeProvider scaled)
            {
                builder.TimeProvider = scaled.PhysicalClock;
            }
            XApiResilience.Configure(builder, options);
        });
        http.AddHttpMessageHandler<XRateLimitHandler>()
            .AddHttpMessageHandler<OAuth1SigningHandler>()
            // The Authorization header carries the consumer key and token: never in a log, at any level.
            .RedactLoggedHeaders(_ => true);
        return services;
    }
}
