namespace XBot.Core.Text.Folding;

/// <summary>
/// A text folded for matching (<see cref="Value"/>), with where each of its characters came from in the
/// original, so that a match found in the fold can be quoted as the original text shows it.
/// </summary>
public sealed class FoldedText
{
    private readonly int[] _starts;
    private readonly int[] _ends;

    internal FoldedText(string original, string value, int[] starts, int[] ends)
    {
        Original = original;
        Value = value;
        _starts = starts;
        _ends = ends;
    }

    public string Original { get; }

    public string Value { get; }

    /// <summary>The part of the original that the folded span [<paramref name="index"/>, +<paramref name="length"/>) came from.</summary>
    public string OriginalOf(int index, int length)
    {
        if (length <= 0 || Value.Length == 0)
        {
            return string.Empty;
        }
        var start = _starts[Math.Clamp(index, 0, Value.Length - 1)];
        var end = _ends[Math.Clamp(index + length - 1, 0, Value.Length - 1)];
        return Original[start..Math.Max(start, end)];
    }
}
