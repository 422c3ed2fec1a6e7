using System.Security.Cryptography;
using System.Text;

namespace XBot.Core.Text;

/// <summary>
/// The dedup hash of a post (runbooks §8): SHA-256 of the UTF-8 bytes of the normalised text, as 64
/// lower-case hex digits. The text is normalised here, so two texts that normalise alike share a hash
/// whichever form the caller holds.
/// </summary>
public static class ContentHash
{
    public static string Compute(string? text) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(TextNormalizer.Normalize(text))));
}
