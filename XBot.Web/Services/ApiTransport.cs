using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace XBot.Web.Services;

/// <summary>
/// Sends one call to the api and turns every outcome into an <see cref="ApiResult{T}"/>: the answer, a 404,
/// the api's problem details as one message, or "unreachable". Pages never see an exception from the api.
/// </summary>
public static class ApiTransport
{
    public static async Task<ApiResult<T>> SendAsync<T>(HttpClient http, HttpMethod method, string path, object? body, CancellationToken cancellationToken,
        params HttpStatusCode[] alsoSuccess)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), options: ApiJson.Options);
        }
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            return ApiResult<T>.Failed(ApiError.Unreachable(ex.HttpRequestError == HttpRequestError.Unknown ? ex.Message : ex.HttpRequestError.ToString()));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return ApiResult<T>.Failed(ApiError.Unreachable("no answer in time"));
        }
        using (response)
        {
            if (response.IsSuccessStatusCode || alsoSuccess.Contains(response.StatusCode))
            {
                try
                {
                    return ApiResult<T>.Success(typeof(T) == typeof(string)
                        ? (T)(object)await response.Content.ReadAsStringAsync(cancellationToken)
                        : (await response.Content.ReadFromJsonAsync<T>(ApiJson.Options, cancellationToken))!);
                }
                catch (JsonException ex)
                {
                    return ApiResult<T>.Failed(new ApiError(ApiFailure.Refused, (int)response.StatusCode,
                        $"The api's answer to {method} {path} could not be read ({ex.Message}).", new Dictionary<string, string[]>()));
                }
            }
            return ApiResult<T>.Failed(await ProblemAsync(response, method, path, cancellationToken));
        }
    }

    private static async Task<ApiError> ProblemAsync(HttpResponseMessage response, HttpMethod method, string path, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var failure = response.StatusCode == HttpStatusCode.NotFound ? ApiFailure.NotFound : ApiFailure.Refused;
        JsonElement? body = null;
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (text.Length > 0 && text.TrimStart().StartsWith('{'))
            {
                body = JsonDocument.Parse(text).RootElement.Clone();
            }
        }
        catch (JsonException)
        {
            // Not a problem document (a proxy's error page, say): the status line below says enough.
        }

        var fields = new Dictionary<string, string[]>(StringComparer.Ordinal);
        string? title = null, detail = null;
        if (body is { ValueKind: JsonValueKind.Object } problem)
        {
            title = problem.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            detail = problem.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            if (problem.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var field in errors.EnumerateObject())
                {
                    fields[field.Name] = field.Value.ValueKind == JsonValueKind.Array
                        ? [.. field.Value.EnumerateArray().Select(e => e.ToString())]
                        : [field.Value.ToString()];
                }
            }
        }

        var message = status >= 500
            ? $"The api failed on {method} {path} ({status}): {detail ?? title ?? response.ReasonPhrase}"
            : fields.Count > 0
            ? string.Join(" ", fields.Select(f => $"{f.Key}: {string.Join(" ", f.Value)}"))
            : detail ?? title ?? (response.StatusCode == HttpStatusCode.NotFound
                ? $"{method} {path} is not available on this api."
                : $"The api answered {status} {response.ReasonPhrase} to {method} {path}.");
        return new ApiError(failure, status, message, fields, body);
    }
}
