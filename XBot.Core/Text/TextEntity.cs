namespace XBot.Core.Text;

/// <summary>
/// Something found in a text: a URL, a hashtag (without its <c>#</c>) or a mention (without its <c>@</c>).
/// <see cref="Start"/> and <see cref="End"/> are UTF-16 indices of the whole entity, sign included, end exclusive.
/// </summary>
public sealed record TextEntity(string Value, int Start, int End);

/// <summary>A mention, or a list when <see cref="ListSlug"/> (with its leading <c>/</c>) is not empty.</summary>
public sealed record MentionEntity(string ScreenName, string ListSlug, int Start, int End);
