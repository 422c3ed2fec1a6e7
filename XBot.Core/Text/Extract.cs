namespace XBot.Core.Text;

/// <summary>
/// URLs, hashtags and mentions by twitter-text's extraction rules (the ones X applies to a post),
/// conformance-tested against twitter-text's <c>extract.yml</c>.
/// </summary>
public static class Extract
{
    public static IReadOnlyList<string> Urls(string text) => [.. UrlsWithIndices(text).Select(e => e.Value)];

    /// <summary>URLs with or without <c>http(s)://</c>; a URL without scheme needs a known top-level domain.</summary>
    public static IReadOnlyList<TextEntity> UrlsWithIndices(string text) => UrlExtractor.Extract(text);

    public static IReadOnlyList<string> Hashtags(string text) => [.. HashtagsWithIndices(text).Select(e => e.Value)];

    /// <summary>Hashtags (<c>#</c> or <c>＃</c>, letters, marks, digits and <c>_</c>, not all digits, not inside a URL).</summary>
    public static IReadOnlyList<TextEntity> HashtagsWithIndices(string text) => HashtagExtractor.Extract(text);

    public static IReadOnlyList<string> Mentions(string text) => [.. MentionsWithIndices(text).Select(e => e.Value)];

    /// <summary>Mentions of accounts (<c>@name</c>, 1-20 of a-z, 0-9 and _), lists excluded.</summary>
    public static IReadOnlyList<TextEntity> MentionsWithIndices(string text) =>
        [.. MentionExtractor.Extract(text).Where(m => m.ListSlug.Length == 0).Select(m => new TextEntity(m.ScreenName, m.Start, m.End))];

    /// <summary>Mentions and lists (<c>@name/list-slug</c>).</summary>
    public static IReadOnlyList<MentionEntity> MentionsOrListsWithIndices(string text) => MentionExtractor.Extract(text);
}
