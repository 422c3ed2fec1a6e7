using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Operations;

namespace Microsoft.AspNetCore.Builder;

/// <summary>Approval mode: the waiting picks with their verdicts and scores; approve, or reject with a reason (audited).</summary>
public static class ApprovalsApi
{
    public static IEndpointRouteBuilder MapApprovalsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/approvals").WithTags("Approvals")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy);
        api.MapGet("/", List);
        api.MapPost("/{id:long}/approve", Approve);
        api.MapPost("/{id:long}/reject", Reject);
        return app;
    }

    public sealed record RejectBody([property: JsonRequired] string Reason, string? Actor = null);

    public sealed record ActorBody(string? Actor = null);

    public sealed record Moved(long Id, string Status, string Actor);

    public static async Task<Results<Ok<IReadOnlyList<WaitingPick>>, ValidationProblem>> List(Approvals approvals, CancellationToken cancellationToken, int limit = 100)
    {
        if (limit is < 1 or > 1000)
        {
            return JsonBody.Problem("limit", "limit must be a whole number from 1 to 1000.");
        }
        return TypedResults.Ok(await approvals.ListAsync(limit, cancellationToken));
    }

    public static async Task<Results<Ok<Moved>, ValidationProblem, ProblemHttpResult>> Approve(long id, HttpRequest request, Approvals approvals, CancellationToken cancellationToken)
    {
        var (body, problem) = request.ContentLength is 0 || (request.ContentLength is null && !request.HasJsonContentType())
            ? (null, null)
            : await JsonBody.ReadAsync<ActorBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            var actor = RequestActor.Of(body?.Actor);
            return await approvals.ApproveAsync(id, actor, cancellationToken)
                ? TypedResults.Ok(new Moved(id, "approved", actor))
                : NotWaiting(id);
        }
        catch (ArgumentException ex)
        {
            return JsonBody.Problem("actor", ex.Message);
        }
    }

    public static async Task<Results<Ok<Moved>, ValidationProblem, ProblemHttpResult>> Reject(long id, HttpRequest request, Approvals approvals, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<RejectBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            var actor = RequestActor.Of(body!.Actor);
            return await approvals.RejectAsync(id, actor, body.Reason, cancellationToken)
                ? TypedResults.Ok(new Moved(id, "refused", actor))
                : NotWaiting(id);
        }
        catch (ArgumentException ex)
        {
            return JsonBody.Problem(ex.ParamName == "reason" ? "reason" : "actor", ex.Message);
        }
    }

    private static ProblemHttpResult NotWaiting(long id) =>
        TypedResults.Problem($"Post {id} is not waiting for approval (unknown, or already approved, rejected or expired). Nothing was changed.",
            statusCode: StatusCodes.Status404NotFound, title: "Not waiting for approval");
}
