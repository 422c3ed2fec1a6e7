using System.Globalization;
using System.Text;

namespace XBot.Core.Text.Folding;

/// <summary>
/// Folds a text to the skeleton that dedup and the safety guard compare, so that what a reader sees as
/// the same text is the same text: compatibility decomposition (NFKD, so full-width, styled and
/// ligature forms become plain), default-ignorable characters (zero-width joiners, variation selectors,
/// invisible operators, CGJ) and combining marks removed, look-alike letters mapped, lower case, one
/// space for every run of whitespace; then, by <see cref="FoldingSteps"/>, leetspeak read and separators
/// collapsed. The fold keeps where each character came from (<see cref="FoldedText.OriginalOf"/>).
/// </summary>
public static class TextFolder
{
    private const string SpacedLetterSeparators = ".-_*·•~ ";
    private const string WordSeparators = ".-_*·•~/|+";

    public static FoldedText Fold(string text, FoldingSteps steps)
    {
        ArgumentNullException.ThrowIfNull(text);
        var chars = new List<(char C, int Start, int End)>(text.Length);
        var index = 0;
        var confusables = (steps & FoldingSteps.Confusables) != 0;
        foreach (var rune in text.EnumerateRunes())
        {
            var start = index;
            var end = index + rune.Utf16SequenceLength;
            index = end;
            foreach (var c in FoldOne(rune, confusables))
            {
                if (c == ' ')
                {
                    AppendSpace(chars, start, end);
                }
                else
                {
                    chars.Add((c, start, end));
                }
            }
        }
        TrimSpaces(chars);

        if ((steps & FoldingSteps.Leetspeak) != 0)
        {
            ReadLeetspeak(chars);
        }
        if ((steps & FoldingSteps.CollapseSeparators) != 0)
        {
            JoinSpacedLetters(chars);
            SplitOnWordSeparators(chars);
            CollapseSpaces(chars);
        }
        return new FoldedText(text, new string([.. chars.Select(c => c.C)]), [.. chars.Select(c => c.Start)], [.. chars.Select(c => c.End)]);
    }

    /// <summary>
    /// One character's fold: NFKD, invisibles dropped, look-alikes mapped, lower case; a space stands for
    /// whitespace (no mapping produces a space). It depends on the character alone, so a BMP character's
    /// fold is computed once and kept: without that, every character of every text cost a normalised string.
    /// </summary>
    private static string FoldOne(Rune rune, bool confusables)
    {
        var cache = confusables ? ConfusableFolds : PlainFolds;
        if (rune.IsBmp && cache[rune.Value] is { } known)
        {
            return known;
        }
        string folded;
        if (Rune.IsWhiteSpace(rune))
        {
            folded = " ";
        }
        else
        {
            var builder = new StringBuilder();
            foreach (var part in rune.ToString().Normalize(NormalizationForm.FormKD).EnumerateRunes())
            {
                if (IsInvisible(part))
                {
                    continue;
                }
                if (Rune.IsWhiteSpace(part))
                {
                    builder.Append(' ');
                    continue;
                }
                var mapped = confusables ? Confusables.SkeletonOfCasePair(part) : null;
                foreach (var letter in (mapped ?? part.ToString()).EnumerateRunes())
                {
                    builder.Append(Lower(letter));
                }
            }
            folded = builder.ToString();
        }
        if (rune.IsBmp)
        {
            cache[rune.Value] = folded; // a race writes the same value twice
        }
        return folded;
    }

    private static readonly string?[] PlainFolds = new string?[0x10000];
    private static readonly string?[] ConfusableFolds = new string?[0x10000];

    /// <summary>Default-ignorable code points (Unicode's DerivedCoreProperties), format characters and combining marks.</summary>
    public static bool IsInvisible(Rune rune)
    {
        var v = rune.Value;
        if (v is 0x00AD or 0x034F or 0x061C or 0x115F or 0x1160 or 0x17B4 or 0x17B5 or 0x3164 or 0xFEFF or 0xFFA0
            || v is >= 0x180B and <= 0x180F
            || v is >= 0x200B and <= 0x200F
            || v is >= 0x202A and <= 0x202E
            || v is >= 0x2060 and <= 0x206F
            || v is >= 0xFE00 and <= 0xFE0F
            || v is >= 0xFFF0 and <= 0xFFF8
            || v is >= 0x1BCA0 and <= 0x1BCA3
            || v is >= 0x1D173 and <= 0x1D17A
            || v is >= 0xE0000 and <= 0xE0FFF)
        {
            return true;
        }
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark;
    }

    // .NET has no full Unicode case folding; lower-casing plus the two letters with a second lower form gets close.
    /// <summary>Case folding: the small form of the letter's capital, so that every small variant (σ and ς, д and ᲁ) is one letter.</summary>
    private static string Lower(Rune rune)
    {
        var lower = Rune.ToLowerInvariant(Rune.ToUpperInvariant(rune));
        return lower.Value switch
        {
            'ß' => "ss",
            _ => lower.ToString(),
        };
    }

    private static void AppendSpace(List<(char C, int Start, int End)> chars, int start, int end)
    {
        if (chars.Count > 0 && chars[^1].C != ' ')
        {
            chars.Add((' ', start, end));
        }
    }

    private static void TrimSpaces(List<(char C, int Start, int End)> chars)
    {
        while (chars.Count > 0 && chars[^1].C == ' ')
        {
            chars.RemoveAt(chars.Count - 1);
        }
    }

    /// <summary>Inside a word that has a letter, digits and symbols stand for letters; a plain number stays a number.</summary>
    private static void ReadLeetspeak(List<(char C, int Start, int End)> chars)
    {
        var wordStart = 0;
        for (var i = 0; i <= chars.Count; i++)
        {
            if (i < chars.Count && chars[i].C != ' ')
            {
                continue;
            }
            var hasLetter = false;
            for (var j = wordStart; j < i; j++)
            {
                hasLetter |= char.IsLetter(chars[j].C);
            }
            if (hasLetter)
            {
                for (var j = wordStart; j < i; j++)
                {
                    // A symbol only inside a word: "money!" ends a sentence, "c!ick" hides a letter.
                    var inside = j + 1 < i;
                    var letter = chars[j].C switch
                    {
                        '0' => 'o',
                        '1' => 'i',
                        '3' => 'e',
                        '4' => 'a',
                        '5' => 's',
                        '7' => 't',
                        '9' => 'g',
                        '€' => 'e',
                        '!' or '|' when inside => 'i',
                        '@' when inside => 'a',
                        '$' when inside => 's',
                        _ => chars[j].C,
                    };
                    chars[j] = (letter, chars[j].Start, chars[j].End);
                }
            }
            wordStart = i + 1;
        }
    }

    /// <summary>Three or more single letters, each followed by one separator (<c>f.r.e.e</c>, <c>f r e e</c>), become one word.</summary>
    private static void JoinSpacedLetters(List<(char C, int Start, int End)> chars)
    {
        bool IsWordChar(int i) => i >= 0 && i < chars.Count && char.IsLetterOrDigit(chars[i].C);
        var remove = new HashSet<int>();
        var i = 0;
        while (i < chars.Count)
        {
            if (!IsWordChar(i) || IsWordChar(i - 1))
            {
                i++;
                continue;
            }
            // A run: letter, separator, letter, separator, ..., letter, with each letter standing alone.
            var letters = 1;
            var j = i;
            while (j + 2 < chars.Count && SpacedLetterSeparators.Contains(chars[j + 1].C) && IsWordChar(j + 2) && !IsWordChar(j + 3))
            {
                letters++;
                j += 2;
            }
            if (letters >= 3 && !IsWordChar(j + 1))
            {
                for (var k = i + 1; k < j; k += 2)
                {
                    remove.Add(k);
                }
            }
            i = j + 1;
        }
        if (remove.Count > 0)
        {
            var kept = chars.Where((_, index) => !remove.Contains(index)).ToList();
            chars.Clear();
            chars.AddRange(kept);
        }
    }

    private static void SplitOnWordSeparators(List<(char C, int Start, int End)> chars)
    {
        for (var i = 1; i < chars.Count - 1; i++)
        {
            if (WordSeparators.Contains(chars[i].C) && char.IsLetter(chars[i - 1].C) && char.IsLetter(chars[i + 1].C))
            {
                chars[i] = (' ', chars[i].Start, chars[i].End);
            }
        }
    }

    private static void CollapseSpaces(List<(char C, int Start, int End)> chars)
    {
        var kept = new List<(char C, int Start, int End)>(chars.Count);
        foreach (var c in chars)
        {
            if (c.C == ' ' && (kept.Count == 0 || kept[^1].C == ' '))
            {
                continue;
            }
            kept.Add(c);
        }
        chars.Clear();
        chars.AddRange(kept);
        TrimSpaces(chars);
    }
}
