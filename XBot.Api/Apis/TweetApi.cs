using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.HttpResults;
using XBot.Api.Http;
using XBot.Core.Operations;

namespace Microsoft.AspNetCore.Builder;

/// <summary>
/// <c>POST /api/tweet</c> queues a text through the candidates' preparation, safety and dedup (idempotent by an
/// optional request id); <c>POST /api/test-tweet</c> runs the same checks and changes nothing.
/// </summary>
public static class TweetApi
{
    public static IEndpointRouteBuilder MapTweetApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Tweets")
            .RequireAuthorization(ApplicationServiceExtensions.AdminPolicy)
            .RequireRateLimiting(ApiRateLimitOptions.Policy);
        api.MapPost("/tweet", Submit);
        api.MapPost("/test-tweet", Test);
        return app;
    }

    public sealed record TweetBody([property: JsonRequired] string Text, string? RequestId = null, string? Actor = null);

    public sealed record TestBody([property: JsonRequired] string Text);

    /// <summary>201 queued; 200 when this request id was queued before (the same row); 422 refused or duplicate; 503 dedup unavailable.</summary>
    public static async Task<Results<Created<SubmissionResult>, Ok<SubmissionResult>, ValidationProblem, ProblemHttpResult>> Submit(
        HttpRequest request, ManualSubmissions submissions, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<TweetBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        SubmissionResult result;
        try
        {
            result = await submissions.SubmitAsync(body!.Text, body.RequestId, RequestActor.Of(body.Actor), cancellationToken);
        }
        catch (ArgumentException ex)
        {
            return JsonBody.Problem(ex.ParamName ?? "body", ex.Message);
        }
        return result.Outcome switch
        {
            SubmissionOutcome.Queued => TypedResults.Created($"/api/posts/{result.Id}", result),
            SubmissionOutcome.AlreadyQueued => TypedResults.Ok(result),
            SubmissionOutcome.Unchecked => Refusal(result, StatusCodes.Status503ServiceUnavailable, "The duplicate check could not be answered; nothing was queued. Try again."),
            SubmissionOutcome.Duplicate => Refusal(result, StatusCodes.Status422UnprocessableEntity, $"It repeats a recent post: {result.Dedup?.Reason ?? "same text"}. Nothing was queued."),
            _ => Refusal(result, StatusCodes.Status422UnprocessableEntity, "The text was refused: " +
                string.Join("; ", result.Problems.Concat(result.Safety?.Reasons.Select(r => $"{r.Rule}: {r.Detail}") ?? [])) + ". Nothing was queued."),
        };
    }

    /// <summary>Every verdict and score the text would get; nothing is queued, stored or posted.</summary>
    public static async Task<Results<Ok<SubmissionResult>, ValidationProblem>> Test(HttpRequest request, ManualSubmissions submissions, CancellationToken cancellationToken)
    {
        var (body, problem) = await JsonBody.ReadAsync<TestBody>(request, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }
        try
        {
            return TypedResults.Ok(await submissions.CheckAsync(body!.Text, cancellationToken));
        }
        catch (ArgumentException ex)
        {
            return JsonBody.Problem(ex.ParamName ?? "body", ex.Message);
        }
    }

    private static ProblemHttpResult Refusal(SubmissionResult result, int status, string detail) =>
        TypedResults.Problem(detail, statusCode: status, title: result.Outcome.ToString(), extensions: new Dictionary<string, object?> { ["result"] = result });
}
