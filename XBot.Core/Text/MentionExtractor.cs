using System.Text.RegularExpressions;

namespace XBot.Core.Text;

/// <summary>
/// twitter-text's mention rule (<c>validMentionOrList</c>): <c>@</c> or <c>＠</c> not after a letter,
/// digit or one of <c>_!#$%&amp;*@＠</c> (a retweet's "RT:" is fine), 1-20 of a-z, 0-9 and <c>_</c>,
/// optionally a list <c>/slug</c>; not followed by another at sign, an accented Latin letter or <c>://</c>.
/// </summary>
internal static class MentionExtractor
{
    private static readonly Regex Mention = new(
        @"(?<before>(?:^|[^a-zA-Z0-9_!#$%&*@＠]|(?:^|[^a-zA-Z0-9_+~.-])(?:rt|RT|rT|Rt):?))" +
        @"(?<at>[@＠])(?<name>[a-zA-Z0-9_]{1,20})(?<list>/[a-zA-Z][a-zA-Z0-9_-]{0,24})?",
        RegexOptions.CultureInvariant);

    private static readonly Regex InvalidAfter = new(@"^(?:[@＠]|[" + UrlPatterns.LatinAccents + "]|://)", RegexOptions.CultureInvariant);

    public static IReadOnlyList<MentionEntity> Extract(string text)
    {
        var mentions = new List<MentionEntity>();
        if (string.IsNullOrEmpty(text) || text.IndexOfAny(['@', '＠']) < 0)
        {
            return mentions;
        }
        foreach (Match match in Mention.Matches(text))
        {
            var after = text.AsSpan(match.Index + match.Length);
            if (InvalidAfter.IsMatch(after))
            {
                continue;
            }
            var name = match.Groups["name"].Value;
            var list = match.Groups["list"].Value;
            var start = match.Groups["at"].Index;
            mentions.Add(new MentionEntity(name, list, start, start + 1 + name.Length + list.Length));
        }
        return mentions;
    }
}
