using Scalar.AspNetCore;

namespace XBot.Api;

/// <summary>
/// The api, built the same way by <c>Program</c> and by the tests (which host it on Kestrel with their own
/// Redis and PostgreSQL): service defaults, the admin services, and every route.
/// </summary>
public static class ApiApplication
{
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        configure?.Invoke(builder);
        builder.AddServiceDefaults();
        builder.AddApplicationServices();

        var app = builder.Build();
        // First, so that the timing includes everything, and a request the exception handler turns into a 500 counts as an error.
        var timings = app.Services.GetRequiredService<XBot.Api.Http.ApiTimings>();
        app.Use((context, next) => timings.InvokeAsync(context, next));
        app.UseExceptionHandler();
        // Bodiless errors (401, 404, 405, 429) become problem details too.
        app.UseStatusCodePages();
        // Named here, after the status-code pages, so that a 401 or 403 gets a problem body as well.
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();

        app.MapDefaultEndpoints();
        app.MapOpenApi().RequireAuthorization(ApplicationServiceExtensions.AdminPolicy);
        if (app.Environment.IsDevelopment())
        {
            app.MapScalarApiReference();
        }

        app.MapFeaturesApi();
        app.MapStatusApi();
        app.MapConfigApi();
        app.MapApprovalsApi();
        app.MapTweetApi();
        app.MapSpendApi();
        app.MapMaintenanceApi();
        app.MapAuditApi();
        app.MapMonitoringApi();
        app.MapPostsApi();
        app.MapLearningApi();
        app.MapAnalyticsApi();
        app.MapDatabaseApi();
        return app;
    }
}
