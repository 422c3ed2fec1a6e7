using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Insights;

namespace Microsoft.AspNetCore.Builder;

/// <summary>The database overview: connections by state, table sizes, and the slowest statements when pg_stat_statements is available.</summary>
public static class DatabaseApi
{
    public static IEndpointRouteBuilder MapDatabaseApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api").WithTags("Database")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy)
            .MapGet("/database", Overview);
        return app;
    }

    public sealed record DatabaseQuery(int Statements = 10);

    public static async Task<Results<Ok<DatabaseReport>, ValidationProblem>> Overview([AsParameters] DatabaseQuery query, DatabaseOverview database, CancellationToken cancellationToken) =>
        query.Statements is < 1 or > DatabaseOverview.MaxStatements
            ? JsonBody.Problem("statements", $"statements must be a whole number from 1 to {DatabaseOverview.MaxStatements}.")
            : TypedResults.Ok(await database.ReadAsync(query.Statements, cancellationToken));
}
