using System.Globalization;
using XBot.Core.Posting.XApi;
using XBot.XSimulator.Simulation;

namespace XBot.XSimulator.Apis;

/// <summary><c>GET /2/users/me</c> and <c>GET /2/users/:id/tweets</c>.</summary>
internal static class UsersApi
{
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users/me", Me).WithMetadata(new SimEndpoint(XEndpoints.Me));
        api.MapGet("/users/{id}/tweets", Timeline).WithMetadata(new SimEndpoint(XEndpoints.UserTweets));
        return api;
    }

    private static IResult Me(XSimulatorState state)
    {
        var account = state.Options.Account;
        return Results.Json(new { data = new XWire.User(account.Id, account.Name, account.Username) });
    }

    /// <summary>Newest first, <c>max_results</c> 5 to 100 (X's bounds), paged with <c>pagination_token</c>.</summary>
    private static IResult Timeline(string id, HttpRequest request, XSimulatorState state)
    {
        var maxRaw = request.Query["max_results"].ToString();
        var max = 10;
        if (maxRaw.Length > 0 && (!int.TryParse(maxRaw, NumberStyles.None, CultureInfo.InvariantCulture, out max) || max is < 5 or > XEndpoints.MaxTimelineResults))
        {
            return XErrors.InvalidRequest("max_results", maxRaw, $"The `max_results` query parameter value [{maxRaw}] is not between 5 and {XEndpoints.MaxTimelineResults}");
        }
        var tokenRaw = request.Query["pagination_token"].ToString();
        var skip = 0;
        if (tokenRaw.Length > 0 && !int.TryParse(tokenRaw, NumberStyles.None, CultureInfo.InvariantCulture, out skip))
        {
            return XErrors.InvalidRequest("pagination_token", tokenRaw, "The `pagination_token` query parameter value is not valid");
        }
        if (id != state.Options.Account.Id)
        {
            return Results.Json(new { errors = new[] { XWire.NotFound("user", "id", id) } });
        }

        var fields = XWire.Fields(request.Query["tweet.fields"]);
        var posts = state.Posts.ByAuthor(id);
        var page = posts.Skip(skip).Take(max).Select(p => XWire.ToTweet(p, state, fields)).ToList();
        var next = skip + page.Count < posts.Count ? (skip + page.Count).ToString(CultureInfo.InvariantCulture) : null;
        var meta = new XWire.Meta(page.Count, page.FirstOrDefault()?.Id, page.LastOrDefault()?.Id, next);
        return Results.Json(new { data = page.Count > 0 ? page : null, meta });
    }
}
