using System.Text.RegularExpressions;
using PhoneNumbers;

namespace XBot.Core.Safety.Checks;

/// <summary>
/// Phone numbers by Google's libphonenumber (libphonenumber-csharp): a number counts only when the
/// library finds it valid for its region and written in that region's grouping (STRICT_GROUPING), so
/// prices, build and invoice numbers, ISBNs, tracking numbers and digit runs are not taken for phone
/// numbers. Numbers without a country code are read in the configured region.
/// </summary>
public static partial class PhoneNumberFinder
{
    private static readonly PhoneNumberUtil Util = PhoneNumberUtil.GetInstance();

    public static bool IsSupportedRegion(string region) => Util.GetSupportedRegions().Contains(region);

    public static IEnumerable<string> Find(string text, string region)
    {
        // "00" is the international prefix in most of the world; the library only knows the region's own.
        var prepared = DoubleZeroPrefix().Replace(text, "+");
        foreach (var match in Util.FindNumbers(prepared, region, PhoneNumberUtil.Leniency.STRICT_GROUPING, long.MaxValue))
        {
            yield return match.RawString;
        }
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}+])00(?=[1-9])")]
    private static partial Regex DoubleZeroPrefix();
}
