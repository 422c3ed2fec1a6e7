using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;
using XBot.Api.Auth;
using XBot.Api.Http;

namespace Microsoft.Extensions.Hosting;

public static class ApplicationServiceExtensions
{
    /// <summary>Every /api route: the admin API key.</summary>
    public const string AdminPolicy = "admin";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddXBotRedisClient("cache");
        builder.AddXBotNpgsqlDataSource("xbotdb");
        builder.Services.AddXBotCore(builder.Configuration);
        builder.Services.AddSchemaGuard();
        builder.Services.AddOptions<XBot.Core.Monitoring.AlertWebhookOptions>().ValidateOnStart();
        builder.Services.AddOptions<XBot.Core.Monitoring.MonitorOptions>().ValidateOnStart();
        builder.Services.AddSingleton<ApiTimings>();
        builder.Services.AddHostedService<ApiTimingsWriter>();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        // By default only Development throws on a value the framework can't bind; elsewhere it answers a bare 400.
        // Throwing everywhere lets BadRequestExceptionHandler name the parameter in production too.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddOpenApi();
        builder.Services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        builder.Services.AddOptions<ApiKeyOptions>()
            .Bind(builder.Configuration.GetSection(ApiKeyOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthenticationHandler.SchemeName).RequireAuthenticatedUser());

        builder.Services.AddOptions<ApiRateLimitOptions>()
            .Bind(builder.Configuration.GetSection(ApiRateLimitOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.AddPolicy(ApiRateLimitOptions.Policy, context =>
            {
                var options = context.RequestServices.GetRequiredService<IOptions<ApiRateLimitOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = options.PermitLimit, Window = options.Window, QueueLimit = 0 });
            });
        });
        return builder;
    }
}
