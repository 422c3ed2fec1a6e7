using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Insights;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The learning engine: arms with their posteriors, the last learning cycles, the trend of arm means, and V1/V2 agreement.</summary>
public static class LearningApi
{
    public static IEndpointRouteBuilder MapLearningApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/learning").WithTags("Learning")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy);
        api.MapGet("/arms", Arms);
        api.MapGet("/cycles", Cycles);
        api.MapGet("/trend", Trend);
        api.MapGet("/agreement", Agreement);
        return app;
    }

    public sealed record CyclesQuery(int Limit = 20);

    public sealed record TrendQuery(int Cycles = 100);

    public sealed record AgreementQuery(int Days = 7);

    public static async Task<Ok<ArmsReport>> Arms(LearningInsights learning, CancellationToken cancellationToken) =>
        TypedResults.Ok(await learning.ArmsAsync(cancellationToken));

    public static async Task<Results<Ok<IReadOnlyList<LearningCycleInsight>>, ValidationProblem>> Cycles([AsParameters] CyclesQuery query, LearningInsights learning, CancellationToken cancellationToken) =>
        query.Limit is < 1 or > LearningInsights.MaxCycles
            ? JsonBody.Problem("limit", $"limit must be a whole number from 1 to {LearningInsights.MaxCycles}.")
            : TypedResults.Ok(await learning.CyclesAsync(query.Limit, cancellationToken));

    public static async Task<Results<Ok<TrendReport>, ValidationProblem>> Trend([AsParameters] TrendQuery query, LearningInsights learning, CancellationToken cancellationToken) =>
        query.Cycles is < 1 or > LearningInsights.MaxCycles
            ? JsonBody.Problem("cycles", $"cycles must be a whole number from 1 to {LearningInsights.MaxCycles}.")
            : TypedResults.Ok(await learning.TrendAsync(query.Cycles, cancellationToken));

    public static async Task<Results<Ok<AgreementReport>, ValidationProblem>> Agreement([AsParameters] AgreementQuery query, LearningInsights learning, CancellationToken cancellationToken) =>
        query.Days is < 1 or > LearningInsights.MaxDays
            ? JsonBody.Problem("days", $"days must be a whole number from 1 to {LearningInsights.MaxDays}.")
            : TypedResults.Ok(await learning.AgreementAsync(query.Days, cancellationToken));
}
