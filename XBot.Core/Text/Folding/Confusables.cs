using System.Collections.Frozen;
using System.Globalization;
using System.Reflection;
using System.Text;

namespace XBot.Core.Text.Folding;

/// <summary>
/// Look-alike characters mapped to the Latin letters or digits they imitate: every non-ASCII character whose
/// UTS #39 skeleton ("Unicode Security Mechanisms", Unicode's <c>confusables.txt</c>) is one to three ASCII letters
/// or digits, about 600 of them across Cyrillic, Greek, Armenian, Cherokee, Lisu, Coptic, Canadian syllabics and
/// more (<c>Text/Data/confusables-latin.txt</c>, generated from ICU by <c>eng/confusables/generate.cs</c>), plus the
/// dash and quote variants below. Mappings inside ASCII (<c>1</c>→<c>l</c>, <c>0</c>→<c>O</c>, <c>m</c>→<c>rn</c>)
/// are left out on purpose: they would make "version 10" and "version lo" the same post. So are skeletons that are
/// not ASCII (a CJK character that looks like another CJK character): both sides of a comparison go through the same
/// fold, so leaving them is safe, and mapping them only blurs texts in those scripts. Full-width and mathematical
/// letters need no entry: compatibility decomposition folds them before this table is read.
/// </summary>
public static class Confusables
{
    private static readonly FrozenDictionary<int, string> Map = Build();

    /// <summary>The Latin skeleton of <paramref name="codePoint"/>, or null when it has none here.</summary>
    public static string? SkeletonOf(int codePoint) => Map.GetValueOrDefault(codePoint);

    /// <summary>
    /// The skeleton of a letter whatever its case: the capital's when it has one, else the small letter's. UTS #39's
    /// table is case-sensitive (Cyrillic В looks like B, в does not; Б is mapped to b, б to 6), but XBot compares
    /// case-insensitively, so both letters of a case pair must fold alike: otherwise "ВЫ ВЫИГРАЛИ" and "вы выиграли"
    /// would be different texts. Capitals win because most look-alikes are capitals (Greek ΑΡΙ ΚΕΥ reads "API KEY").
    /// Folding a small в to b mangles Russian words, but every comparison folds both sides the same way.
    /// </summary>
    public static string? SkeletonOfCasePair(Rune rune)
    {
        // Through the capital, so that every small form of it (Greek σ and final ς) folds alike.
        var upper = Rune.ToUpperInvariant(rune);
        return SkeletonOf(upper.Value) ?? SkeletonOf(Rune.ToLowerInvariant(upper).Value) ?? SkeletonOf(rune.Value);
    }

    private static FrozenDictionary<int, string> Build()
    {
        var pairs = Generated();
        var curated = new Dictionary<int, string>
        {
            // Cyrillic, lower case
            [0x0430] = "a", [0x0435] = "e", [0x043E] = "o", [0x0440] = "p", [0x0441] = "c", [0x0443] = "y",
            [0x0445] = "x", [0x0455] = "s", [0x0456] = "i", [0x0458] = "j", [0x04BB] = "h", [0x0501] = "d",
            [0x051B] = "q", [0x051D] = "w", [0x04CF] = "l", [0x0437] = "3", [0x044C] = "b", [0x0261] = "g",
            [0x04AF] = "y", [0x0491] = "r",
            // Cyrillic, upper case (mapped before lower-casing: В, Н, К, М, Т only look Latin in capitals)
            [0x0410] = "A", [0x0412] = "B", [0x0415] = "E", [0x041A] = "K", [0x041C] = "M", [0x041D] = "H",
            [0x041E] = "O", [0x0420] = "P", [0x0421] = "C", [0x0422] = "T", [0x0423] = "Y", [0x0425] = "X",
            [0x0405] = "S", [0x0406] = "I", [0x0408] = "J", [0x04AE] = "Y", [0x04BA] = "H", [0x0417] = "3",
            [0x04C0] = "l", [0x0500] = "D", [0x051A] = "Q", [0x051C] = "W",
            // Greek
            [0x03B1] = "a", [0x03BF] = "o", [0x03BD] = "v", [0x03C1] = "p", [0x03B9] = "i", [0x03BA] = "k",
            [0x03C7] = "x", [0x03B3] = "y", [0x03C5] = "u", [0x03F2] = "c", [0x03F3] = "j",
            [0x0391] = "A", [0x0392] = "B", [0x0395] = "E", [0x0396] = "Z", [0x0397] = "H", [0x0399] = "I",
            [0x039A] = "K", [0x039C] = "M", [0x039D] = "N", [0x039F] = "O", [0x03A1] = "P", [0x03A4] = "T",
            [0x03A5] = "Y", [0x03A7] = "X", [0x03F9] = "C", [0x037F] = "J",
            // Armenian
            [0x0585] = "o", [0x057D] = "u", [0x0570] = "h", [0x0578] = "n", [0x0581] = "g", [0x0566] = "q",
            [0x0561] = "w",
            // Latin extensions and IPA
            [0x0131] = "i", [0x0237] = "j", [0x0251] = "a", [0x0269] = "i", [0x026A] = "i", [0x1D00] = "a",
            [0x0274] = "n", [0x0280] = "r", [0x028F] = "y", [0x1D0F] = "o", [0x1D1C] = "u", [0x1D20] = "v",
            [0x1D21] = "w", [0x1D22] = "z", [0x01C0] = "l",
            // Caseless letters named I that the generated table reads as l (Lisu, Runic, Old Italic)
            [0xA4F2] = "I", [0x16C1] = "I", [0x10309] = "I",
            // Dashes and quotes
            [0x2010] = "-", [0x2011] = "-", [0x2012] = "-", [0x2013] = "-", [0x2014] = "-", [0x2212] = "-",
            [0x2018] = "'", [0x2019] = "'", [0x201A] = "'", [0x201B] = "'", [0x02BC] = "'",
            [0x201C] = "\"", [0x201D] = "\"", [0x201E] = "\"", [0x201F] = "\"",
        };
        foreach (var (codePoint, skeleton) in curated)
        {
            pairs[codePoint] = skeleton;
        }
        return pairs.ToFrozenDictionary();
    }

    private static Dictionary<int, string> Generated()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("XBot.Text.confusables-latin.txt")
            ?? throw new InvalidOperationException("The confusables table is not embedded in XBot.Core.");
        using var reader = new StreamReader(stream);
        var pairs = new Dictionary<int, string>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            pairs[int.Parse(line.AsSpan(0, space), NumberStyles.HexNumber, CultureInfo.InvariantCulture)] = line[(space + 1)..];
        }
        return pairs;
    }
}
