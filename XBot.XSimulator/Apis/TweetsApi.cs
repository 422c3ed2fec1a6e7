using System.Text.Json;
using XBot.Core.Posting.XApi;
using XBot.XSimulator.Simulation;

namespace XBot.XSimulator.Apis;

/// <summary><c>POST /2/tweets</c> and <c>GET /2/tweets?ids=...</c>.</summary>
internal static class TweetsApi
{
    public static RouteGroupBuilder MapTweetsApi(this RouteGroupBuilder api)
    {
        api.MapPost("/tweets", CreateAsync).WithMetadata(new SimEndpoint(XEndpoints.CreateTweet));
        api.MapGet("/tweets", Lookup).WithMetadata(new SimEndpoint(XEndpoints.LookupTweets));
        return api;
    }

    /// <summary>The body is read here rather than bound, so that a bad body still passes the pipeline (logged, authenticated) first.</summary>
    private static async Task<IResult> CreateAsync(HttpRequest request, XSimulatorState state)
    {
        string? text = null;
        try
        {
            using var body = await JsonDocument.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted);
            if (body.RootElement.ValueKind != JsonValueKind.Object)
            {
                return XErrors.InvalidBody("$: must be an object");
            }
            // X's schema forbids additional properties; a client that sends one gets refused here as there.
            if (body.RootElement.EnumerateObject().Select(p => p.Name).FirstOrDefault(n => !XVocabulary.CreateTweetFields.Contains(n)) is { } unknown)
            {
                return XErrors.InvalidBody($"$.{unknown}: is not defined in the schema and the schema does not allow additional properties");
            }
            if (body.RootElement.TryGetProperty("text", out var value))
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    return XErrors.InvalidBody($"$.text: {value.ValueKind.ToString().ToLowerInvariant()} found, string expected");
                }
                text = value.GetString();
            }
        }
        catch (JsonException)
        {
            return XErrors.InvalidRequest("body", "", "The request body is not valid JSON.");
        }
        if (string.IsNullOrWhiteSpace(text))
        {
            return XErrors.InvalidRequest("text", text ?? "", "Tweet text must be a non-empty string.");
        }

        var post = state.CreatePost(text);
        if (post is null)
        {
            return XErrors.Duplicate();
        }
        return Results.Json(new { data = new { id = post.Id, text = post.DisplayText, edit_history_tweet_ids = new[] { post.Id } } }, statusCode: 201);
    }

    private static IResult Lookup(HttpRequest request, XSimulatorState state)
    {
        var raw = request.Query["ids"].ToString();
        var ids = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length == 0)
        {
            return XErrors.InvalidRequest("ids", raw, "The `ids` query parameter can not be empty");
        }
        if (ids.Length > XEndpoints.MaxIdsPerLookup)
        {
            return XErrors.InvalidRequest("ids", raw, $"The number of values in the `ids` query parameter list [{ids.Length}] is not between 1 and {XEndpoints.MaxIdsPerLookup}");
        }
        if (ids.FirstOrDefault(id => !id.All(char.IsAsciiDigit) || id.Length > 19) is { } bad)
        {
            return XErrors.InvalidRequest("ids", bad, $"The `ids` query parameter value [{bad}] does not match ^[0-9]{{1,19}}$");
        }

        var fields = XWire.Fields(request.Query["tweet.fields"]);
        var found = new List<XWire.Tweet>();
        var errors = new List<XWire.ResourceError>();
        foreach (var id in ids)
        {
            if (state.Posts.Find(id) is { } post)
            {
                found.Add(XWire.ToTweet(post, state, fields));
            }
            else
            {
                errors.Add(XWire.NotFound("tweet", "ids", id));
            }
        }
        return Results.Json(new { data = found.Count > 0 ? found : null, errors = errors.Count > 0 ? errors : null });
    }
}
