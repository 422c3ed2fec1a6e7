using System.Globalization;
using System.Text;

namespace XBot.Core.Text;

/// <summary>
/// A text's word shingles (runs of <c>size</c> consecutive words of its fingerprint skeleton, so links,
/// mentions, hashtags, case, width, invisibles and look-alikes don't count) and the Jaccard similarity
/// of two such sets. Each Han, kana or Hangul character is a word of its own: those scripts don't
/// separate words with spaces.
/// </summary>
public sealed class Shingles
{
    private readonly HashSet<string> _set;

    private Shingles(HashSet<string> set) => _set = set;

    public int Count => _set.Count;

    public static Shingles Of(string? text, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        var words = Words(ContentFingerprint.Of(text).Skeleton);
        var set = new HashSet<string>(StringComparer.Ordinal);
        if (words.Count < size)
        {
            // A text shorter than one shingle is one shingle: short texts still compare.
            if (words.Count > 0)
            {
                set.Add(string.Join(' ', words));
            }
            return new Shingles(set);
        }
        for (var i = 0; i + size <= words.Count; i++)
        {
            set.Add(string.Join(' ', words.Skip(i).Take(size)));
        }
        return new Shingles(set);
    }

    /// <summary>|A ∩ B| / |A ∪ B|; 0 when either is empty.</summary>
    public double JaccardWith(Shingles other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (_set.Count == 0 || other._set.Count == 0)
        {
            return 0;
        }
        var (small, large) = _set.Count <= other._set.Count ? (_set, other._set) : (other._set, _set);
        var shared = small.Count(large.Contains);
        return (double)shared / (_set.Count + other._set.Count - shared);
    }

    private static List<string> Words(string skeleton)
    {
        var words = new List<string>();
        var word = new StringBuilder();
        void Flush()
        {
            if (word.Length > 0)
            {
                words.Add(word.ToString());
                word.Clear();
            }
        }
        var runes = skeleton.EnumerateRunes().ToArray();
        for (var i = 0; i < runes.Length; i++)
        {
            var rune = runes[i];
            if (IsIdeographic(rune))
            {
                Flush();
                words.Add(rune.ToString());
            }
            else if (Rune.IsLetterOrDigit(rune) || rune.Value == '\'' || Rune.GetUnicodeCategory(rune) is UnicodeCategory.OtherSymbol or UnicodeCategory.SpacingCombiningMark)
            {
                word.Append(rune.ToString());
            }
            else if (rune.Value is '.' or ',' && i > 0 && i + 1 < runes.Length && Rune.IsDigit(runes[i - 1]) && Rune.IsDigit(runes[i + 1]))
            {
                // 2.0 and 1,000 are one word each.
                word.Append(rune.ToString());
            }
            else
            {
                Flush();
            }
        }
        Flush();
        return words;
    }

    private static bool IsIdeographic(Rune rune) =>
        rune.Value is >= 0x3040 and <= 0x30FF      // hiragana, katakana
            or >= 0x3400 and <= 0x4DBF             // CJK extension A
            or >= 0x4E00 and <= 0x9FFF             // CJK unified ideographs
            or >= 0xAC00 and <= 0xD7AF             // Hangul syllables
            or >= 0x1100 and <= 0x11FF             // Hangul jamo (NFKD splits syllables into these)
            or >= 0x20000 and <= 0x2FA1F;
}
