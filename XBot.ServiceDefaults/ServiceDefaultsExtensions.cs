using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using XBot.ServiceDefaults.HealthChecks;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What an Aspire ServiceDefaults project gives every service: telemetry, health checks, service
/// discovery and resilient HttpClients. Kept in the Microsoft.Extensions.Hosting namespace, as the
/// Aspire template does, so each Program.cs needs no extra using.
/// </summary>
public static class ServiceDefaultsExtensions
{
    public const string HealthEndpointPath = "/health";
    public const string AlivenessEndpointPath = "/alive";
    public const string LiveTag = "live";

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        return builder;
    }

    /// <summary>
    /// Set this <see cref="HttpRequestMessage.Options"/> entry to true on a request whose URL must not reach telemetry.
    /// Named by a string so that libraries which don't reference this project (XBot.Core) can set it.
    /// </summary>
    public const string UntracedRequestOption = "XBot.Untraced";

    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter("XBot.*"))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddSource("XBot.*")
                .AddAspNetCoreInstrumentation(options =>
                    // Probes would drown the traces that matter.
                    options.Filter = context =>
                        !context.Request.Path.StartsWithSegments(HealthEndpointPath)
                        && !context.Request.Path.StartsWithSegments(AlivenessEndpointPath))
                .AddHttpClientInstrumentation(options =>
                    // A request whose URL is a secret (an alert webhook's path is its credential) leaves no span:
                    // a span would export the full URL to whatever collector is configured.
                    options.FilterHttpRequestMessage = request =>
                        !request.Options.TryGetValue(new HttpRequestOptionsKey<bool>(UntracedRequestOption), out var untraced) || !untraced));

        // Exported only when a collector or dashboard is configured, exactly as under Aspire.
        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
        }

        return builder;
    }

    public static TBuilder AddDefaultHealthChecks<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddHealthChecks()
            .AddCheck("self", () => HealthCheckResult.Healthy(), [LiveTag]);
        builder.Services.PostConfigure<HealthCheckServiceOptions>(HealthCheckTimeouts.Apply);
        return builder;
    }

    /// <summary>
    /// Maps <c>/health</c> (every check) and <c>/alive</c> (liveness only) in every environment:
    /// unlike the Aspire template, XBot needs them in production because Container Apps probes them.
    /// They reveal check names and states only, never configuration.
    /// </summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        app.MapHealthChecks(HealthEndpointPath, new HealthCheckOptions
        {
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        app.MapHealthChecks(AlivenessEndpointPath, new HealthCheckOptions
        {
            Predicate = check => check.Tags.Contains(LiveTag),
            ResponseWriter = HealthReportWriter.WriteAsync,
        });
        return app;
    }
}
