using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;

namespace XBot.Api.Http;

/// <summary>
/// A value the framework could not bind (<c>?limit=many</c>, <c>/approvals/x/approve</c> aside, which is a 404) is the
/// caller's mistake: a 400 problem that names the parameter, instead of the 500 an unhandled exception would give.
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var field = Parameter().Match(bad.Message) is { Success: true } match ? char.ToLowerInvariant(match.Groups[1].Value[0]) + match.Groups[1].Value[1..] : "request";
        httpContext.Response.StatusCode = bad.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [field] = [bad.Message] })
            {
                Status = bad.StatusCode,
                Detail = bad.Message,
            },
        });
    }

    // "Failed to bind parameter "int Limit" from "many"."
    [GeneratedRegex("""parameter "[^" ]+ ([^" ]+)"?""")]
    private static partial Regex Parameter();
}
