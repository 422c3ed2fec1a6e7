namespace XBot.XSimulator.Apis;

/// <summary>
/// The names X's API accepts, as its OpenAPI document (spec 2.166) lists them: the stand-in refuses
/// anything else with X's 400, so that a client sending a field or parameter X would refuse fails here too.
/// </summary>
internal static class XVocabulary
{
    /// <summary>The properties of <c>TweetCreateRequest</c>; the spec sets additionalProperties to false.</summary>
    public static readonly IReadOnlySet<string> CreateTweetFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "card_uri", "community_id", "direct_message_deep_link", "edit_options", "for_super_followers_only", "geo", "made_with_ai",
        "media", "nullcast", "paid_partnership", "poll", "quote_tweet_id", "reply", "reply_settings", "share_with_followers", "text",
    };

    /// <summary>The values of <c>tweet.fields</c>.</summary>
    public static readonly IReadOnlySet<string> TweetFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "article", "attachments", "author_id", "card_uri", "community_id", "context_annotations", "conversation_id", "created_at",
        "display_text_range", "edit_controls", "edit_history_tweet_ids", "entities", "geo", "id", "in_reply_to_user_id", "lang",
        "matched_media_notes", "media_metadata", "non_public_metrics", "note_request_suggestions", "note_tweet", "organic_metrics",
        "paid_partnership", "possibly_sensitive", "promoted_metrics", "public_metrics", "referenced_tweets", "reply_settings", "scopes",
        "source", "suggested_source_links", "suggested_source_links_with_counts", "text", "withheld",
    };

    /// <summary>The values of <c>user.fields</c>.</summary>
    public static readonly IReadOnlySet<string> UserFields = new HashSet<string>(StringComparer.Ordinal)
    {
        "affiliation", "confirmed_email", "connection_status", "created_at", "description", "entities", "id", "is_identity_verified",
        "location", "most_recent_tweet_id", "name", "parody", "pinned_tweet_id", "profile_banner_url", "profile_image_url", "protected",
        "public_metrics", "receives_your_dm", "subscription", "subscription_type", "url", "username", "verified", "verified_followers_count",
        "verified_type", "withheld",
    };

    private static readonly string[] Expansions = ["expansions", "media.fields", "poll.fields", "user.fields", "place.fields", "tweet.fields"];

    /// <summary>The query parameters of each operation.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlySet<string>> QueryParameters = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal)
    {
        ["GET /2/tweets"] = new HashSet<string>(Expansions.Append("ids"), StringComparer.Ordinal),
        ["GET /2/users/me"] = new HashSet<string>(["user.fields", "expansions", "tweet.fields"], StringComparer.Ordinal),
        ["GET /2/users/:id/tweets"] = new HashSet<string>(
            Expansions.Concat(["since_id", "until_id", "max_results", "pagination_token", "exclude", "start_time", "end_time"]), StringComparer.Ordinal),
        ["POST /2/tweets"] = new HashSet<string>(StringComparer.Ordinal),
    };

    /// <summary>X's 400 for the first unknown query parameter or field value, or null when the query is acceptable.</summary>
    public static IResult? CheckQuery(string endpoint, IQueryCollection query)
    {
        var allowed = QueryParameters.TryGetValue(endpoint, out var names) ? names : new HashSet<string>();
        if (query.Keys.FirstOrDefault(k => !allowed.Contains(k)) is { } unknown)
        {
            return XErrors.InvalidRequest(unknown, query[unknown].ToString(),
                $"The query parameter [{unknown}] is not one of [{string.Join(",", allowed.Order(StringComparer.Ordinal))}]");
        }
        return CheckList(query, "tweet.fields", TweetFields) ?? CheckList(query, "user.fields", UserFields);
    }

    private static IResult? CheckList(IQueryCollection query, string parameter, IReadOnlySet<string> values)
    {
        if (!query.TryGetValue(parameter, out var raw))
        {
            return null;
        }
        var items = raw.ToString().Split(',');
        return items.FirstOrDefault(v => !values.Contains(v)) is { } bad
            ? XErrors.InvalidRequest(parameter, bad,
                $"The `{parameter}` query parameter value [{bad}] is not one of [{string.Join(",", values.Order(StringComparer.Ordinal))}]")
            : null;
    }
}
