using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Insights;
using XBot.Core.Storage.Tweets;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// Posts with the decisions that picked them: newest first, paged by id (<c>before</c> = <c>nextBefore</c> of the
/// previous page, so a page never shifts while new posts arrive), and one post with its lifecycle history.
/// </summary>
public static class PostsApi
{
    public static IEndpointRouteBuilder MapPostsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/posts").WithTags("Posts")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy);
        api.MapGet("/", List);
        api.MapGet("/{id:long}", Get);
        return app;
    }

    public sealed record PostsQuery(int Limit = 50, long? Before = null, string? Status = null);

    public static async Task<Results<Ok<PostPage>, ValidationProblem>> List([AsParameters] PostsQuery query, PostInsights posts, CancellationToken cancellationToken)
    {
        if (query.Limit is < 1 or > PostInsights.MaxLimit)
        {
            return JsonBody.Problem("limit", $"limit must be a whole number from 1 to {PostInsights.MaxLimit}.");
        }
        if (query.Before is <= 0)
        {
            return JsonBody.Problem("before", "before must be a positive id (nextBefore of the previous page).");
        }
        string[]? statuses = null;
        if (query.Status is not null && (statuses = PostInsights.ParseStatuses(query.Status)) is null)
        {
            return JsonBody.Problem("status", $"status must be one or more (comma-separated) of {string.Join(", ", TweetStatus.All)}.");
        }
        return TypedResults.Ok(await posts.ListAsync(query.Limit, query.Before, statuses, cancellationToken));
    }

    public static async Task<Results<Ok<PostDetail>, ProblemHttpResult>> Get(long id, PostInsights posts, CancellationToken cancellationToken) =>
        await posts.GetAsync(id, cancellationToken) is { } detail
            ? TypedResults.Ok(detail)
            : TypedResults.Problem($"There is no post {id}.", statusCode: StatusCodes.Status404NotFound, title: "No such post");
}
