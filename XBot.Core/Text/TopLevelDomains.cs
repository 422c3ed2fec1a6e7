using System.Reflection;

namespace XBot.Core.Text;

/// <summary>
/// The generic and country-code top-level domains a URL without a scheme must end in. The lists are
/// twitter-text's (<c>conformance/tld_lib.yml</c>, taken from the IANA root zone; Apache-2.0), embedded
/// from <c>Text/Data</c> so that a list update is a data change.
/// </summary>
internal static class TopLevelDomains
{
    public static IReadOnlyList<string> Generic { get; } = Load("gtlds.txt");

    public static IReadOnlyList<string> CountryCode { get; } = Load("cctlds.txt");

    private static string[] Load(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"XBot.Text.{name}")
            ?? throw new InvalidOperationException($"The embedded TLD list {name} is missing from XBot.Core.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            // Longest first, so that an alternation never settles on a prefix of a longer TLD.
            .OrderByDescending(t => t.Length)
            .ThenBy(t => t, StringComparer.Ordinal)
            .ToArray();
    }
}
