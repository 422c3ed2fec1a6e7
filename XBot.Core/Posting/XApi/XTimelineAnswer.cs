namespace XBot.Core.Posting.XApi;

/// <summary>
/// Judges a <c>GET /2/users/:id/tweets</c> answer. X may answer 200 with only <c>errors</c>, with no
/// <c>data</c> and no <c>meta</c>; reading that as "no posts" would let reconciliation conclude that an
/// unknown post is absent and send it again. So a page is trusted only when it has <c>meta</c>, no
/// <c>errors</c>, and as many readable posts as <c>meta.result_count</c> says; anything else is a failed
/// read ("unknown, try again later"), never an empty timeline.
/// </summary>
internal static class XTimelineAnswer
{
    public static XReadResult<XTimelinePage> Read(XApiWire.Many<XApiWire.Tweet> answer)
    {
        if (answer.Errors is { Count: > 0 } errors)
        {
            var first = errors[0];
            return Incomplete($"it carried {errors.Count} error(s), first: {first.Title} {first.Detail}".TrimEnd());
        }
        if (answer.Meta is not { } meta)
        {
            return Incomplete("it had no meta, so whether the timeline ended is unknown");
        }
        var data = answer.Data ?? [];
        var tweets = data.Select(XApiWire.ToModel).OfType<XTweet>().ToList();
        if (tweets.Count != data.Count)
        {
            return Incomplete($"{data.Count - tweets.Count} post(s) had no id");
        }
        if (meta.ResultCount is { } count && count != tweets.Count)
        {
            return Incomplete($"meta.result_count is {count} but {tweets.Count} post(s) came");
        }
        return XReadResult<XTimelinePage>.Ok(new XTimelinePage(tweets, string.IsNullOrEmpty(meta.NextToken) ? null : meta.NextToken));
    }

    private static XReadResult<XTimelinePage> Incomplete(string why) =>
        XReadResult<XTimelinePage>.Fail(new XReadError(XReadErrorKind.Transient, $"{XEndpoints.UserTweets} answered 200 but the page is not complete: {why}.", 200));
}
