namespace XBot.Core.Posting.XApi;

/// <summary>
/// The four OAuth 1.0a user-context values: the app's consumer key and secret (<c>TWITTER_API_KEY</c>,
/// <c>TWITTER_API_SECRET</c>) and the account's access token and secret (<c>TWITTER_ACCESS_TOKEN</c>,
/// <c>TWITTER_ACCESS_TOKEN_SECRET</c>). A bearer token can't post, so posting always uses these.
/// </summary>
public sealed record OAuth1Credentials(string ConsumerKey, string ConsumerSecret, string Token, string TokenSecret)
{
    // Secrets must never reach a log line, even through a record's generated ToString.
    public override string ToString() => $"OAuth1Credentials {{ ConsumerKey = {ConsumerKey}, Token = {Token}, secrets hidden }}";
}
