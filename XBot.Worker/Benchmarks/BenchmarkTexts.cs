namespace XBot.Worker.Benchmarks;

/// <summary>
/// Post texts that are all different and not near-duplicates of one another: each is eight made-up
/// words drawn from 32 768 by a scrambled counter, so that two texts rarely share even one word,
/// in plain letters the safety guard passes.
/// </summary>
public sealed class BenchmarkTexts
{
    private static readonly string[] Syllables =
    [
        "ba", "ke", "mi", "lo", "tu", "sa", "ne", "ri", "po", "du", "fa", "ge", "hi", "jo", "ku", "la",
        "me", "ni", "ro", "su", "ta", "ve", "wi", "zo", "bu", "de", "fi", "go", "ha", "je", "ki", "mo",
    ];

    private readonly ulong _salt = (ulong)Random.Shared.NextInt64();
    private long _next;

    public string Next()
    {
        var n = (ulong)Interlocked.Increment(ref _next);
        var words = new string[8];
        for (var i = 0; i < words.Length; i += 4)
        {
            // Four words of 15 bits each from one 64-bit draw.
            var bits = Mix(n ^ _salt ^ ((ulong)i << 56));
            for (var j = 0; j < 4; j++, bits >>= 15)
            {
                words[i + j] = Syllables[(int)(bits & 31)] + Syllables[(int)((bits >> 5) & 31)] + Syllables[(int)((bits >> 10) & 31)];
            }
        }
        return string.Join(' ', words) + ".";
    }

    /// <summary>A bijection on 64 bits (splitmix64's finaliser), so distinct numbers stay distinct.</summary>
    private static ulong Mix(ulong x)
    {
        x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9UL;
        x = (x ^ (x >> 27)) * 0x94d049bb133111ebUL;
        return x ^ (x >> 31);
    }
}
