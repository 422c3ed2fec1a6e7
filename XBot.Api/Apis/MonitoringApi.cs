using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Monitoring;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The monitoring report of runbooks.md §10: every figure and each SLO's status (as <c>monitor report</c>).</summary>
public static class MonitoringApi
{
    public static IEndpointRouteBuilder MapMonitoringApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Monitoring")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy)
            .MapGet("/monitoring", GetReport);
        return app;
    }

    /// <summary>The report over the last <paramref name="windowHours"/> hours (default Monitor:SloWindow).</summary>
    public static async Task<Results<Ok<MonitoringReport>, ValidationProblem>> GetReport(MonitoringReporter reporter, CancellationToken cancellationToken, int? windowHours = null)
    {
        if (windowHours is < 1 || windowHours > MonitoringReporter.MaxWindow.TotalHours)
        {
            return JsonBody.Problem("windowHours", $"windowHours must be a whole number of hours from 1 to {MonitoringReporter.MaxWindow.TotalHours}.");
        }
        return TypedResults.Ok(await reporter.ReportAsync(windowHours is { } hours ? TimeSpan.FromHours(hours) : null, cancellationToken));
    }
}
