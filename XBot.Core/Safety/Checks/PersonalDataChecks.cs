using System.Text;
using System.Text.RegularExpressions;

namespace XBot.Core.Safety.Checks;

/// <summary>
/// Personal data (runbooks §8): email addresses, payment card numbers (Luhn-checked), national identity
/// numbers (configured patterns), phone numbers in national and international formats. Details never
/// repeat the data: a verdict is stored and shown.
/// </summary>
public static partial class PersonalDataChecks
{
    public static IEnumerable<Finding> Find(SafetyInput input, SafetyRuleSet rules)
    {
        if (rules.IsEnabled(SafetyRules.Email) && Email().IsMatch(input.Text))
        {
            yield return new Finding(SafetyRules.Email, "an email address");
        }

        // Each number is taken once: a card number or an id is not also reported as a phone number.
        var text = new StringBuilder(input.WithoutUrls);
        foreach (Match match in Email().Matches(input.WithoutUrls))
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
        if (rules.IsEnabled(SafetyRules.Phone) && PhoneNumbers(text.ToString()).Any())
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

    /// <summary>
    /// Phone numbers: with an international prefix (<c>+</c> or <c>00</c>), 8-15 digits; without one,
    /// 9-15 digits written in at least two groups or with an area code in brackets. Plain digit runs,
    /// dates and IPv4 addresses are not phone numbers.
    /// </summary>
    public static IEnumerable<string> PhoneNumbers(string text)
    {
        foreach (Match match in PhoneCandidate().Matches(text))
        {
            var candidate = match.Value.TrimEnd(')', ' ', '.', '-');
            var digits = candidate.Count(char.IsAsciiDigit);
            var international = candidate.StartsWith('+') || candidate.StartsWith("00", StringComparison.Ordinal);
            var grouped = candidate.Any(c => c is ' ' or '-' or '.' or '\u00A0') || candidate.Contains('(');
            if (Ipv4().IsMatch(candidate))
            {
                continue;
            }
            if (international ? digits is >= 8 and <= 15 : digits is >= 9 and <= 15 && grouped)
            {
                yield return candidate;
            }
        }
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

    [GeneratedRegex(@"(?<![\p{L}\p{N}+])(?:\+|00)?(?:\(\d{1,5}\)[ \u00A0.\-]?)?\d(?:[ \u00A0.\-]?\(?\d+\)?)+(?![\p{L}\p{N}])")]
    private static partial Regex PhoneCandidate();

    [GeneratedRegex(@"^\d{1,3}(?:\.\d{1,3}){3}$")]
    private static partial Regex Ipv4();
}
