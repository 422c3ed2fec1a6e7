using XBot.Core.Text;
using XBot.Core.Text.Folding;

namespace XBot.Tests.Text;

/// <summary>Look-alikes come from Unicode's UTS #39 data (through ICU), not only from the curated table.</summary>
public sealed class IcuSkeletonTests
{
    [Fact]
    public void ICU_is_available_on_Linux()
    {
        Assert.True(!OperatingSystem.IsLinux() || IcuSkeleton.IsAvailable, "libicui18n could not be loaded");
    }

    [Theory]
    [InlineData(0x2C81, "a")] // COPTIC SMALL LETTER ALFA
    [InlineData(0x13AA, "a")] // CHEROKEE LETTER GO, an upper-case A
    [InlineData(0xA4D0, "b")] // LISU LETTER BA
    [InlineData(0x2C9F, "o")] // COPTIC SMALL LETTER O
    public void Letters_of_scripts_the_curated_table_leaves_out_fold_to_their_Latin_look_alike(int codePoint, string latin)
    {
        var text = $"cl{char.ConvertFromUtf32(codePoint)}im your prize";
        var expected = $"cl{latin}im your prize";

        Assert.Equal(ContentFingerprint.Of(expected).Skeleton, ContentFingerprint.Of(text).Skeleton);
    }

    [Fact]
    public void ASCII_is_never_remapped_so_digits_and_letters_stay_apart()
    {
        Assert.NotEqual(ContentFingerprint.Of("version 10 is out").Hash, ContentFingerprint.Of("version lo is out").Hash);
        Assert.Null(Confusables.SkeletonOf('1'));
        Assert.Null(Confusables.SkeletonOf('m'));
    }
}
