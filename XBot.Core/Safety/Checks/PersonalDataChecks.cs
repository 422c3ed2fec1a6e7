using System.Text;
using System.Text.RegularExpressions;

namespace XBot.Core.Safety.Checks;

/// <summary>
/// Personal data (runbooks §8): email addresses (also written "name [at] example [dot] com" or with a
/// full-width ＠), payment card numbers (Luhn-checked, full-width digits too), national identity numbers
/// (configured patterns), and phone numbers as libphonenumber finds them. Looked for outside URLs, in the
/// compatibility form of the text (<see cref="SafetyInput.WithoutUrls"/>); a URL's <c>user:password@</c>
/// is the secrets check's finding, not an email. Details never repeat the data: a verdict is stored and shown.
/// </summary>
public static partial class PersonalDataChecks
{
    public static IEnumerable<Finding> Find(SafetyInput input, SafetyRuleSet rules)
    {
        // Each thing is taken once: a URL's credentials are not also an email, a card number not also a phone number.
        var text = new StringBuilder(input.WithoutUrls);
        foreach (Match match in SecretChecks.UrlWithCredentials().Matches(text.ToString()))
        {
            Blank(text, match.Index, match.Length);
        }
        var emails = Email().Matches(text.ToString());
        if (rules.IsEnabled(SafetyRules.Email) && emails.Count > 0)
        {
            yield return new Finding(SafetyRules.Email, "an email address");
        }
        foreach (Match match in emails)
        {
            Blank(text, match.Index, match.Length);
        }
        if (rules.IsEnabled(SafetyRules.CardNumber))
        {
            foreach (Match match in CardCandidate().Matches(text.ToString()))
            {
                var digits = new string([.. match.Value.Where(char.IsAsciiDigit)]);
                if (IsPaymentCardNumber(digits))
                {
                    Blank(text, match.Index, match.Length);
                    yield return new Finding(SafetyRules.CardNumber, $"a payment card number ending {digits[^4..]}");
                }
            }
        }
        if (rules.IsEnabled(SafetyRules.NationalId))
        {
            foreach (var pattern in rules.NationalIds)
            {
                var match = pattern.Match(text.ToString());
                if (match.Success)
                {
                    Blank(text, match.Index, match.Length);
                    yield return new Finding(SafetyRules.NationalId, "a national identity number");
                }
            }
        }
        if (rules.IsEnabled(SafetyRules.Phone) && PhoneNumberFinder.Find(text.ToString(), rules.PhoneRegion).Any())
        {
            yield return new Finding(SafetyRules.Phone, "a phone number");
        }
    }

    /// <summary>13-19 digits, a major network's first digit (2-6), and a valid Luhn check digit.</summary>
    public static bool IsPaymentCardNumber(string digits) =>
        digits.Length is >= 13 and <= 19 && digits[0] is >= '2' and <= '6' && IsLuhnValid(digits);

    public static bool IsLuhnValid(string digits)
    {
        var sum = 0;
        var doubleIt = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var d = digits[i] - '0';
            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }

    private static void Blank(StringBuilder text, int start, int length)
    {
        for (var i = start; i < start + length; i++)
        {
            text[i] = ' ';
        }
    }

    [GeneratedRegex(@"(?<![\p{L}\p{N}._%+\-])[\p{L}\p{N}._%+\-]+@[\p{L}\p{N}\-]+(?:\.[\p{L}\p{N}\-]+)*\.\p{L}{2,}(?![\p{L}\p{N}])")]
    private static partial Regex Email();

    [GeneratedRegex(@"(?<![\d\-])\d(?:[ \-]?\d){12,18}(?![\d])")]
    private static partial Regex CardCandidate();
}
