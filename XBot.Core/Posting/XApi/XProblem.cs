using System.Text.Json;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// An X error body. The v2 API answers with a problem object
/// (<c>{"title":"Forbidden","detail":"You are not allowed to create a Tweet with duplicate content.","type":"about:blank","status":403}</c>),
/// sometimes with an <c>errors</c> array; older front ends answer <c>{"errors":[{"code":187,"message":"Status is a duplicate."}]}</c>;
/// and the spec's own <c>Error</c> schema is a top-level <c>{"code":187,"message":"Status is a duplicate."}</c>.
/// All three are read whatever the content type says (X has sent problems as <c>application/json</c>).
/// Anything else (an HTML page from a proxy) keeps its first characters as the detail.
/// </summary>
public sealed record XProblem(string Title, string Detail, string? Type, IReadOnlyList<string> Messages, IReadOnlyList<int> Codes)
{
    private const int DuplicateStatusCode = 187;

    /// <summary>
    /// True for X's "duplicate content" refusal in either shape. Matched on the message, because X varies
    /// the title and type; code 187 is the old API's number for the same refusal.
    /// </summary>
    public bool IsDuplicateContent =>
        Codes.Contains(DuplicateStatusCode)
        || Messages.Append(Detail).Any(m => m.Contains("duplicate content", StringComparison.OrdinalIgnoreCase)
                                            || m.Contains("status is a duplicate", StringComparison.OrdinalIgnoreCase));

    public static XProblem Parse(string? body, int statusCode)
    {
        var fallbackTitle = $"HTTP {statusCode}";
        if (string.IsNullOrWhiteSpace(body))
        {
            return new XProblem(fallbackTitle, "", null, [], []);
        }
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Unreadable(body, fallbackTitle);
            }
            var messages = new List<string>();
            var codes = new List<int>();
            if (root.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                foreach (var error in errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object))
                {
                    if ((String(error, "message") ?? String(error, "detail")) is { } message)
                    {
                        messages.Add(message);
                    }
                    if (error.TryGetProperty("code", out var code) && code.ValueKind == JsonValueKind.Number && code.TryGetInt32(out var number))
                    {
                        codes.Add(number);
                    }
                }
            }
            if (String(root, "message") is { } topMessage)
            {
                messages.Insert(0, topMessage);
            }
            if (root.TryGetProperty("code", out var topCode) && topCode.ValueKind == JsonValueKind.Number && topCode.TryGetInt32(out var topNumber))
            {
                codes.Insert(0, topNumber);
            }
            var detail = String(root, "detail") ?? string.Join(" ", messages);
            return new XProblem(String(root, "title") ?? fallbackTitle, detail, String(root, "type"), messages, codes);
        }
        catch (JsonException)
        {
            return Unreadable(body, fallbackTitle);
        }
    }

    private static XProblem Unreadable(string body, string title) =>
        new(title, body.Length > 200 ? body[..200] : body, null, [], []);

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
