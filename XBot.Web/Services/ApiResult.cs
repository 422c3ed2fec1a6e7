using System.Text.Json;

namespace XBot.Web.Services;

/// <summary>How a call to the api went wrong, in words an operator can act on.</summary>
public enum ApiFailure
{
    /// <summary>The api could not be reached at all (down, restarting, or a network fault).</summary>
    Unreachable,

    /// <summary>The route or the item does not exist (404): a route another release adds, or an item already moved.</summary>
    NotFound,

    /// <summary>The api refused the request and said why (problem details).</summary>
    Refused,
}

/// <summary>
/// An api error as the console shows it: one clear message (the problem's detail and every field error),
/// never a stack trace. <see cref="Body"/> keeps the problem document for pages that read its extensions.
/// </summary>
public sealed record ApiError(ApiFailure Failure, int? StatusCode, string Message, IReadOnlyDictionary<string, string[]> FieldErrors, JsonElement? Body = null)
{
    public static ApiError Unreachable(string detail) =>
        new(ApiFailure.Unreachable, null, $"The api can't be reached ({detail}). The console retries by itself.", new Dictionary<string, string[]>());

    /// <summary>The extension <paramref name="name"/> of the problem document (e.g. <c>result</c> of a refused tweet).</summary>
    public T? Extension<T>(string name) =>
        Body is { ValueKind: JsonValueKind.Object } body && body.TryGetProperty(name, out var value)
            ? value.Deserialize<T>(ApiJson.Options)
            : default;
}

/// <summary>Either the api's answer or the reason there is none.</summary>
public sealed record ApiResult<T>(T? Value, ApiError? Error)
{
    public bool Ok => Error is null;

    public static ApiResult<T> Success(T value) => new(value, null);

    public static ApiResult<T> Failed(ApiError error) => new(default, error);
}
