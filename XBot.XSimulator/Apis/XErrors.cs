using Microsoft.AspNetCore.WebUtilities;

namespace XBot.XSimulator.Apis;

/// <summary>X's error bodies, in the v2 API's problem shape (title, detail, type, status).</summary>
internal static class XErrors
{
    public const string DuplicateDetail = "You are not allowed to create a Tweet with duplicate content.";

    public static IResult Unauthorized() => Problem(401, "Unauthorized", "Unauthorized");

    public static IResult TooManyRequests() => Problem(429, "Too Many Requests", "Too Many Requests");

    public static IResult Duplicate() => Problem(403, "Forbidden", DuplicateDetail);

    public static IResult ServerError(int status) => Problem(status, ReasonPhrases.GetReasonPhrase(status), ReasonPhrases.GetReasonPhrase(status));

    /// <summary>
    /// 429 for a product's monthly usage cap: X's <c>usage-capped</c> problem. It comes with the endpoint's
    /// ordinary rate-limit headers, which still show requests left, so only the 429 itself says "stop".
    /// </summary>
    public static IResult UsageCapped() => Results.Json(
        new
        {
            title = "UsageCapExceeded",
            detail = "Usage cap exceeded: Monthly product cap",
            type = "https://api.twitter.com/2/problems/usage-capped",
            status = 429,
            period = "Monthly",
            scope = "Product",
        },
        contentType: ProblemJson,
        statusCode: 429);

    /// <summary>402 of the pay-per-use API: the account's credits are exhausted.</summary>
    public static IResult PaymentRequired() =>
        Problem(402, "CreditsDepleted", "Your enrolled account does not have any credits to fulfill this request.", "https://api.twitter.com/2/problems/credits-depleted");

    /// <summary>A 200 carrying only a <c>resource-unavailable</c> problem: no data and no meta.</summary>
    public static IResult ErrorsOnly(string resourceId) => Results.Json(new
    {
        errors = new[]
        {
            new
            {
                parameter = "id",
                resource_id = resourceId,
                value = resourceId,
                resource_type = "user",
                title = "Resource Unavailable",
                detail = "The posts of this user could not be retrieved right now.",
                type = "https://api.twitter.com/2/problems/resource-unavailable",
            },
        },
    });

    /// <summary>400 for a bad parameter, as X words it.</summary>
    public static IResult InvalidRequest(string parameter, string value, string message) => Results.Json(
        new
        {
            errors = new[] { new { parameters = new Dictionary<string, string[]> { [parameter] = [value] }, message } },
            title = "Invalid Request",
            detail = "One or more parameters to your request was invalid.",
            type = "https://api.twitter.com/2/problems/invalid-request",
        },
        contentType: ProblemJson,
        statusCode: 400);

    /// <summary>400 for a body the spec's schema refuses (an unknown property, a wrong type).</summary>
    public static IResult InvalidBody(string message) => Results.Json(
        new
        {
            errors = new[] { new { message } },
            title = "Invalid Request",
            detail = "One or more parameters to your request was invalid.",
            type = "https://api.twitter.com/2/problems/invalid-request",
        },
        contentType: ProblemJson,
        statusCode: 400);

    private const string ProblemJson = "application/problem+json";

    private static IResult Problem(int status, string title, string detail, string type = "about:blank") =>
        Results.Json(new { title, detail, type, status }, contentType: ProblemJson, statusCode: status);
}
