using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace XBot.Api.Http;

/// <summary>
/// Reads a request body strictly: at most <see cref="MaxBytes"/>, valid JSON, no unknown fields, required
/// fields present. Any failure is a 400 naming the field, before anything is changed.
/// </summary>
public static partial class JsonBody
{
    public const int MaxBytes = 16 * 1024;

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    public static async Task<(T? Value, ValidationProblem? Problem)> ReadAsync<T>(HttpRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (request.ContentLength > MaxBytes)
        {
            return (null, Problem("body", $"The body is {request.ContentLength} bytes; at most {MaxBytes} are accepted. Nothing was changed."));
        }
        if (!request.HasJsonContentType())
        {
            return (null, Problem("body", "Send the body as application/json. Nothing was changed."));
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[4096];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxBytes)
            {
                return (null, Problem("body", $"The body is over {MaxBytes} bytes. Nothing was changed."));
            }
            buffer.Write(chunk, 0, read);
        }
        if (buffer.Length == 0)
        {
            return (null, Problem("body", "The body is empty; a JSON object is expected. Nothing was changed."));
        }

        try
        {
            var value = JsonSerializer.Deserialize<T>(buffer.ToArray(), Options);
            return value is null
                ? (null, Problem("body", "The body is null; a JSON object is expected. Nothing was changed."))
                : (value, null);
        }
        catch (JsonException ex)
        {
            return (null, Problem(FieldOf(ex), $"{ex.Message.Split(" Path:")[0]} Nothing was changed."));
        }
    }

    public static ValidationProblem Problem(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, detail: message);

    // The serializer names the field in the path (a bad or unknown one) or, for a missing one, in the message.
    private static string FieldOf(JsonException ex)
    {
        if (ex.Message.Contains("missing required properties", StringComparison.Ordinal) && QuotedName().Match(ex.Message.Split("including:").Last()) is { Success: true } missing)
        {
            return missing.Groups[1].Value;
        }
        if (ex.Message.Contains("could not be mapped", StringComparison.Ordinal) && QuotedName().Match(ex.Message) is { Success: true } unknown)
        {
            return unknown.Groups[1].Value;
        }
        var path = ex.Path?.TrimStart('$').TrimStart('.');
        return string.IsNullOrEmpty(path) ? "body" : path;
    }

    [GeneratedRegex("'([^']+)'")]
    private static partial Regex QuotedName();
}
