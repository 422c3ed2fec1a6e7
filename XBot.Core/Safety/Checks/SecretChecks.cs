using System.Text.RegularExpressions;

namespace XBot.Core.Safety.Checks;

/// <summary>
/// Secrets (runbooks §8 "long secret-looking tokens, URLs with credentials"): known key formats from
/// configuration, long random-looking tokens, and URLs carrying a user name and password. Git commit ids
/// (40 hex digits) and UUIDs are identifiers people share on purpose, not secrets. Details show at most
/// the first four characters of a token.
/// </summary>
public static partial class SecretChecks
{
    public static IEnumerable<Finding> Find(SafetyInput input, SafetyRuleSet rules)
    {
        var reported = new List<(int Start, int End)>();
        if (rules.IsEnabled(SafetyRules.SecretToken))
        {
            foreach (var pattern in rules.Secrets)
            {
                foreach (Match match in pattern.Matches(input.Compatible))
                {
                    reported.Add((match.Index, match.Index + match.Length));
                    yield return new Finding(SafetyRules.SecretToken, $"a secret-looking token ({Preview(match.Value)})");
                }
            }
            foreach (Match token in Token().Matches(input.WithoutUrls))
            {
                var overlapsReported = reported.Any(r => r.Start < token.Index + token.Length && token.Index < r.End);
                if (!overlapsReported && !IsSharedIdentifier(token.Value) && IsRandomLooking(token.Value, rules.SecretMinLength, rules.SecretMinEntropy))
                {
                    yield return new Finding(SafetyRules.SecretToken, $"a long random-looking string ({Preview(token.Value)}, {token.Length} characters)");
                }
            }
        }
        if (rules.IsEnabled(SafetyRules.UrlCredentials))
        {
            foreach (Match match in UrlWithCredentials().Matches(input.Compatible))
            {
                yield return new Finding(SafetyRules.UrlCredentials, $"a URL with a user name and password ({match.Groups["scheme"].Value}://…@{match.Groups["host"].Value})");
            }
        }
    }

    /// <summary>Long, mixing letters and digits, and close to random by Shannon entropy.</summary>
    public static bool IsRandomLooking(string token, int minLength, double minEntropy) =>
        token.Length >= minLength
        && token.Any(char.IsAsciiDigit)
        && token.Any(char.IsAsciiLetter)
        && ShannonEntropy(token) >= minEntropy;

    /// <summary>A git commit id (40 hex digits) or a UUID. 64 hex digits stay suspect: that is also how a key is written.</summary>
    public static bool IsSharedIdentifier(string token) => GitCommitId().IsMatch(token) || Uuid().IsMatch(token);

    /// <summary>Bits per character of the token's own character distribution.</summary>
    public static double ShannonEntropy(string token)
    {
        var entropy = 0.0;
        foreach (var group in token.GroupBy(c => c))
        {
            var p = (double)group.Count() / token.Length;
            entropy -= p * Math.Log2(p);
        }
        return entropy;
    }

    private static string Preview(string token) => token.Length <= 4 ? "…" : token[..4] + "…";

    /// <summary>Runs of key-ish characters that aren't hashtags or mentions.</summary>
    [GeneratedRegex(@"(?<![#＃@＠\w])[A-Za-z0-9+/=_\-]+")]
    private static partial Regex Token();

    [GeneratedRegex(@"(?<scheme>[a-z][a-z0-9+.\-]{1,20})://[^\s/?#@:]+:[^\s/?#@]+@(?<host>[^\s/?#:]+)", RegexOptions.IgnoreCase)]
    internal static partial Regex UrlWithCredentials();

    [GeneratedRegex(@"^[0-9a-f]{40}$", RegexOptions.IgnoreCase)]
    private static partial Regex GitCommitId();

    [GeneratedRegex(@"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", RegexOptions.IgnoreCase)]
    private static partial Regex Uuid();
}
