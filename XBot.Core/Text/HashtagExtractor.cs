using System.Globalization;
using System.Text;

namespace XBot.Core.Text;

/// <summary>
/// twitter-text's hashtag rule (<c>validHashtag</c>), as a scanner over code points: a <c>#</c> or
/// <c>＃</c> at the start of the text or after a character that can't be part of a hashtag (nor
/// <c>&amp;</c>), not followed by VS16 or the keycap mark, then a run of letters, marks, digits and a
/// few joiners that holds at least one letter or mark. A hashtag followed by another hash sign or by
/// <c>://</c> is not one, and neither is one inside a URL.
/// </summary>
internal static class HashtagExtractor
{
    /// <summary>twitter-text's <c>hashtagSpecialChars</c>: joiners and script marks that may sit inside a hashtag.</summary>
    private const string SpecialChars = "_\u200c\u200d\ua67e\u05be\u05f3\u05f4\uff5e\u301c\u309b\u309c\u30a0\u30fb\u3003\u0f0b\u0f0c\u00b7";

    public static IReadOnlyList<TextEntity> Extract(string text)
    {
        var tags = new List<TextEntity>();
        if (string.IsNullOrEmpty(text) || text.IndexOfAny(['#', '＃']) < 0)
        {
            return tags;
        }

        var i = 0;
        while (i < text.Length)
        {
            var hash = text.IndexOfAny(['#', '＃'], i);
            if (hash < 0)
            {
                break;
            }
            i = hash + 1;
            if (!HasBoundaryBefore(text, hash) || CharAt(text, hash + 1) is '\uFE0F' or '\u20E3')
            {
                continue;
            }

            var end = hash + 1;
            var hasLetter = false;
            while (end < text.Length && Rune.TryGetRuneAt(text, end, out var rune) && IsHashtagChar(rune, out var isLetter))
            {
                hasLetter |= isLetter;
                end += rune.Utf16SequenceLength;
            }
            if (!hasLetter)
            {
                continue;
            }
            i = end;
            if (CharAt(text, end) is '#' or '＃' || string.CompareOrdinal(text, end, "://", 0, 3) == 0)
            {
                continue;
            }
            tags.Add(new TextEntity(text[(hash + 1)..end], hash, end));
        }

        return RemoveUrlOverlaps(tags, UrlExtractor.Extract(text));
    }

    private static bool HasBoundaryBefore(string text, int hash)
    {
        if (hash == 0)
        {
            return true;
        }
        var before = text[hash - 1];
        if (before is '\uFE0E' or '\uFE0F')
        {
            return true;
        }
        Rune rune;
        if (char.IsLowSurrogate(before))
        {
            if (hash < 2 || !Rune.TryCreate(text[hash - 2], before, out rune))
            {
                return false;
            }
        }
        else if (!Rune.TryCreate(before, out rune))
        {
            return false;
        }
        return rune.Value != '&' && !IsHashtagChar(rune, out _);
    }

    private static bool IsHashtagChar(Rune rune, out bool isLetterOrMark)
    {
        var category = Rune.GetUnicodeCategory(rune);
        isLetterOrMark = category is UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter
            or UnicodeCategory.TitlecaseLetter or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
        return isLetterOrMark
            || category == UnicodeCategory.DecimalDigitNumber
            || (rune.IsBmp && SpecialChars.Contains((char)rune.Value));
    }

    /// <summary>Where a hashtag and a URL overlap, the one that starts first wins (the hashtag on a tie).</summary>
    private static List<TextEntity> RemoveUrlOverlaps(List<TextEntity> tags, IReadOnlyList<TextEntity> urls)
    {
        if (urls.Count == 0 || tags.Count == 0)
        {
            return tags;
        }
        var entities = tags.Select(t => (Entity: t, IsTag: true))
            .Concat(urls.Select(u => (Entity: u, IsTag: false)))
            .OrderBy(e => e.Entity.Start) // stable: hashtags stay ahead of URLs starting at the same index
            .ToList();
        var kept = new List<TextEntity>();
        var previousEnd = -1;
        foreach (var (entity, isTag) in entities)
        {
            if (previousEnd > entity.Start)
            {
                continue;
            }
            previousEnd = entity.End;
            if (isTag)
            {
                kept.Add(entity);
            }
        }
        return kept;
    }

    private static char CharAt(string text, int index) => index < text.Length ? text[index] : '\0';
}
