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

    /// <summary>400 for a bad parameter, as X words it.</summary>
    public static IResult InvalidRequest(string parameter, string value, string message) => Results.Json(
        new
        {
            errors = new[] { new { parameters = new Dictionary<string, string[]> { [parameter] = [value] }, message } },
            title = "Invalid Request",
            detail = "One or more parameters to your request was invalid.",
            type = "https://api.twitter.com/2/problems/invalid-request",
        },
        statusCode: 400);

    private static IResult Problem(int status, string title, string detail) =>
        Results.Json(new { title, detail, type = "about:blank", status }, contentType: "application/problem+json", statusCode: status);
}
