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
    private readonly string[][] _members;

    private Shingles(HashSet<string> set, string[][] members, IReadOnlyList<string> words)
    {
        _set = set;
        _members = members;
        Words = words;
    }

    public int Count => _set.Count;

    /// <summary>The distinct words the shingles are made of, in order of first appearance.</summary>
    public IReadOnlyList<string> Words { get; }

    public static Shingles Of(string? text, int size) => OfSkeleton(ContentFingerprint.Of(text).Skeleton, size);

    /// <summary>The shingles of a skeleton already computed (<see cref="ContentFingerprint.Skeleton"/>), so a caller that has the fingerprint does not fold the text twice.</summary>
    public static Shingles OfSkeleton(string skeleton, int size)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentNullException.ThrowIfNull(skeleton);
        var words = SplitWords(skeleton);
        var set = new HashSet<string>(StringComparer.Ordinal);
        var members = new List<string[]>();
        var distinct = words.Distinct(StringComparer.Ordinal).ToArray();
        if (words.Count < size)
        {
            // A text shorter than one shingle is one shingle: short texts still compare.
            if (words.Count > 0)
            {
                set.Add(string.Join(' ', words));
                members.Add([.. words]);
            }
            return new Shingles(set, [.. members], distinct);
        }
        for (var i = 0; i + size <= words.Count; i++)
        {
            var run = words.GetRange(i, size).ToArray();
            if (set.Add(string.Join(' ', run)))
            {
                members.Add(run);
            }
        }
        return new Shingles(set, [.. members], distinct);
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

    /// <summary>
    /// Words of which any text at or above <paramref name="threshold"/> (Jaccard) must contain at least one:
    /// the probe of the word index (prefix filtering). Such a text shares at least ⌈threshold·|A|⌉ shingles
    /// with this one (|A ∪ B| ≥ |A|), and a text containing none of the probe's words shares only shingles
    /// made of the other words, of which fewer than that many exist. Longer words first: they are rarer, so
    /// the index returns fewer candidates; any order would be correct.
    /// </summary>
    public IReadOnlyList<string> ProbeWords(double threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(threshold);
        if (_set.Count == 0)
        {
            return [];
        }
        var needed = Math.Max(1, (int)Math.Ceiling(threshold * _set.Count - 1e-9));
        var probe = new List<string>();
        var left = _members.ToList();
        foreach (var word in Words.OrderByDescending(w => w.Length).ThenBy(w => w, StringComparer.Ordinal))
        {
            if (left.Count < needed)
            {
                break;
            }
            probe.Add(word);
            left.RemoveAll(run => run.Contains(word, StringComparer.Ordinal));
        }
        return probe;
    }

    /// <summary>The distinct words of a skeleton, in order of first appearance: what the word index stores for a post.</summary>
    public static string[] DistinctWords(string skeleton) =>
        SplitWords(skeleton ?? throw new ArgumentNullException(nameof(skeleton))).Distinct(StringComparer.Ordinal).ToArray();

    private static List<string> SplitWords(string skeleton)
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
