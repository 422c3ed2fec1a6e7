using System.Text;
using XBot.Core.Text.Folding;

namespace XBot.Tests.Text;

/// <summary>The look-alike table generated from ICU's UTS #39 data (eng/confusables/generate.cs) and how the fold reads it.</summary>
public sealed class ConfusablesTableTests
{
    private static IEnumerable<Rune> NonAsciiLetters() =>
        Enumerable.Range(0x80, 0x2D00 - 0x80).Concat(Enumerable.Range(0xA640, 0xA800 - 0xA640)).Concat(Enumerable.Range(0x10400, 0x100))
            .Where(Rune.IsValid).Select(cp => new Rune(cp)).Where(Rune.IsLetter);

    [Fact]
    public void Every_entry_maps_a_non_ascii_character_to_ascii_letters_or_digits()
    {
        var mapped = Enumerable.Range(0x80, 0x10FF80).Where(Rune.IsValid).Select(cp => (cp, Skeleton: Confusables.SkeletonOf(cp))).Where(e => e.Skeleton is not null).ToList();

        Assert.InRange(mapped.Count, 500, 2000);
        int[] punctuation = [0x02BC, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2018, 0x2019, 0x201A, 0x201B, 0x201C, 0x201D, 0x201E, 0x201F, 0x2212];
        Assert.All(mapped.Where(e => !punctuation.Contains(e.cp)), e => Assert.Matches("^[A-Za-z0-9]{1,3}$", e.Skeleton));
        Assert.Null(Confusables.SkeletonOf('a'));
        Assert.Null(Confusables.SkeletonOf('1'));
    }

    [Fact]
    public void A_letter_folds_alike_in_either_case()
    {
        foreach (var rune in NonAsciiLetters())
        {
            var text = rune.ToString();
            var upper = TextFolder.Fold(text.ToUpperInvariant(), FoldingSteps.Confusables).Value;
            var lower = TextFolder.Fold(text.ToLowerInvariant(), FoldingSteps.Confusables).Value;
            Assert.True(upper == lower, $"U+{rune.Value:X4} folds to '{upper}' in capitals and '{lower}' in small letters");
        }
    }

    [Theory]
    [InlineData("\u13DF\u13DE\u13AA\u13A5\u13B7", "claim")]   // Cherokee
    [InlineData("\uA4DA\uA4E1\uA4EE\uA4F2\uA4DF", "claim")]   // Lisu, whose I is read as I, not l
    [InlineData("\u0405\u0435\u0440", "sep")]                  // Cyrillic
    public void Look_alikes_of_many_scripts_fold_to_latin(string text, string expected)
    {
        Assert.Equal(expected, TextFolder.Fold(text, FoldingSteps.Confusables).Value);
    }
}
