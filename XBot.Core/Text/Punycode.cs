using System.Text;

namespace XBot.Core.Text;

/// <summary>
/// Punycode (RFC 3492) encoding of one domain label, as twitter-text measures host labels: a label
/// with any non-ASCII character becomes <c>xn--</c> plus its encoding, with no other mapping.
/// Written here because <see cref="System.Globalization.IdnMapping"/> applies UTS #46 mapping and
/// validation first (lower-casing, refusing symbols), which changes lengths and refuses hosts that
/// twitter-text counts as URLs.
/// </summary>
internal static class Punycode
{
    private const int Base = 36, TMin = 1, TMax = 26, Skew = 38, Damp = 700, InitialBias = 72, InitialN = 128;

    public static string ToAscii(string label)
    {
        foreach (var c in label)
        {
            if (c is < (char)0x20 or > (char)0x7E)
            {
                return "xn--" + Encode(label);
            }
        }
        return label;
    }

    public static string Encode(string input)
    {
        var codePoints = CodePoints(input);
        var output = new StringBuilder();
        foreach (var cp in codePoints)
        {
            if (cp < 0x80)
            {
                output.Append((char)cp);
            }
        }
        var basicLength = output.Length;
        var handled = basicLength;
        if (basicLength > 0)
        {
            output.Append('-');
        }

        int n = InitialN, delta = 0, bias = InitialBias;
        while (handled < codePoints.Count)
        {
            var m = int.MaxValue;
            foreach (var cp in codePoints)
            {
                if (cp >= n && cp < m)
                {
                    m = cp;
                }
            }
            delta += (m - n) * (handled + 1);
            n = m;
            foreach (var cp in codePoints)
            {
                if (cp < n)
                {
                    delta++;
                }
                if (cp != n)
                {
                    continue;
                }
                var q = delta;
                for (var k = Base; ; k += Base)
                {
                    var t = k <= bias ? TMin : k >= bias + TMax ? TMax : k - bias;
                    if (q < t)
                    {
                        break;
                    }
                    output.Append(Digit(t + (q - t) % (Base - t)));
                    q = (q - t) / (Base - t);
                }
                output.Append(Digit(q));
                bias = Adapt(delta, handled + 1, handled == basicLength);
                delta = 0;
                handled++;
            }
            delta++;
            n++;
        }
        return output.ToString();
    }

    private static int Adapt(int delta, int numPoints, bool firstTime)
    {
        delta = firstTime ? delta / Damp : delta / 2;
        delta += delta / numPoints;
        var k = 0;
        while (delta > ((Base - TMin) * TMax) / 2)
        {
            delta /= Base - TMin;
            k += Base;
        }
        return k + (Base - TMin + 1) * delta / (delta + Skew);
    }

    private static char Digit(int d) => (char)(d < 26 ? 'a' + d : '0' + d - 26);

    /// <summary>Code points, keeping an unpaired surrogate as its own value as JavaScript's punycode does.</summary>
    private static List<int> CodePoints(string s)
    {
        var result = new List<int>(s.Length);
        for (var i = 0; i < s.Length; i++)
        {
            if (char.IsSurrogatePair(s, i))
            {
                result.Add(char.ConvertToUtf32(s[i], s[i + 1]));
                i++;
            }
            else
            {
                result.Add(s[i]);
            }
        }
        return result;
    }
}
