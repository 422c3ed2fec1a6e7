using System.Text;

namespace XBot.Core.Posting.XApi;

/// <summary>
/// The encodings of RFC 5849: §3.6 percent-encoding for signing, and the
/// <c>application/x-www-form-urlencoded</c> decoding of §3.4.1.3.1 for collecting parameters.
/// </summary>
public static class OAuth1Encoding
{
    /// <summary>
    /// RFC 5849 §3.6: UTF-8, then every byte outside ALPHA / DIGIT / "-" / "." / "_" / "~" as %XX with
    /// upper-case hex. Written out rather than left to <see cref="Uri.EscapeDataString(string)"/>, whose
    /// reserved set differed between .NET versions; a signature is only right if it is exactly this.
    /// </summary>
    public static string PercentEncode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var bytes = Encoding.UTF8.GetBytes(value);
        var builder = new StringBuilder(bytes.Length * 3);
        foreach (var b in bytes)
        {
            if (IsUnreserved(b))
            {
                builder.Append((char)b);
            }
            else
            {
                builder.Append('%').Append(HexDigits[b >> 4]).Append(HexDigits[b & 0xF]);
            }
        }
        return builder.ToString();
    }

    /// <summary>
    /// Splits a query string or form body into decoded name/value pairs, keeping duplicates and order.
    /// "+" means a space here (form encoding), as §3.4.1.3.1 requires; a name without "=" has an empty value.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseFormEncoded(string? encoded)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        if (string.IsNullOrEmpty(encoded))
        {
            return pairs;
        }
        var text = encoded[0] == '?' ? encoded[1..] : encoded;
        foreach (var part in text.Split('&'))
        {
            if (part.Length == 0)
            {
                continue;
            }
            var equals = part.IndexOf('=');
            var name = equals < 0 ? part : part[..equals];
            var value = equals < 0 ? "" : part[(equals + 1)..];
            pairs.Add(new(FormDecode(name), FormDecode(value)));
        }
        return pairs;
    }

    /// <summary>Form decoding: "+" is a space, then %XX sequences are UTF-8 bytes.</summary>
    public static string FormDecode(string value) => Uri.UnescapeDataString(value.Replace('+', ' '));

    private static bool IsUnreserved(byte b) =>
        b is >= (byte)'A' and <= (byte)'Z' or >= (byte)'a' and <= (byte)'z' or >= (byte)'0' and <= (byte)'9'
        or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~';

    private const string HexDigits = "0123456789ABCDEF";
}
