using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Insights;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The analytics views of runbooks §3 by name (any other name is a 404), paged by offset, and the topic × hour grid.</summary>
public static class AnalyticsApi
{
    public static IEndpointRouteBuilder MapAnalyticsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/analytics").WithTags("Analytics")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy);
        api.MapGet("/", () => TypedResults.Ok(AnalyticsViews.Names));
        api.MapGet("/topic-hour", TopicHour);
        api.MapGet("/{view}", View);
        return app;
    }

    public sealed record ViewQuery(string View, int Limit = 100, int Offset = 0);

    public sealed record TopicHourQuery(int Days = 7);

    public static async Task<Results<Ok<AnalyticsPage>, ValidationProblem, ProblemHttpResult>> View([AsParameters] ViewQuery query, AnalyticsViews views, CancellationToken cancellationToken)
    {
        if (!AnalyticsViews.IsKnown(query.View))
        {
            return TypedResults.Problem($"'{query.View}' is not an analytics view; one of {string.Join(", ", AnalyticsViews.Names)}.",
                statusCode: StatusCodes.Status404NotFound, title: "No such view");
        }
        if (query.Limit is < 1 or > AnalyticsViews.MaxLimit)
        {
            return JsonBody.Problem("limit", $"limit must be a whole number from 1 to {AnalyticsViews.MaxLimit}.");
        }
        if (query.Offset < 0)
        {
            return JsonBody.Problem("offset", "offset must be 0 or more (nextOffset of the previous page).");
        }
        return TypedResults.Ok(await views.ReadAsync(query.View, query.Limit, query.Offset, cancellationToken));
    }

    public static async Task<Results<Ok<TopicHourReport>, ValidationProblem>> TopicHour([AsParameters] TopicHourQuery query, AnalyticsViews views, CancellationToken cancellationToken) =>
        query.Days is < 1 or > AnalyticsViews.MaxDays
            ? JsonBody.Problem("days", $"days must be a whole number from 1 to {AnalyticsViews.MaxDays}.")
            : TypedResults.Ok(await views.TopicHourAsync(query.Days, cancellationToken));
}
