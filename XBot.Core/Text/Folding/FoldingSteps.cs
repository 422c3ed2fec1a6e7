namespace XBot.Core.Text.Folding;

/// <summary>The optional steps of <see cref="TextFolder"/>; NFKC, removing invisibles and marks, and lower-casing always run.</summary>
[Flags]
public enum FoldingSteps
{
    None = 0,

    /// <summary>Look-alike letters of other scripts become the Latin letter (<see cref="Confusables"/>).</summary>
    Confusables = 1,

    /// <summary>Digits and symbols inside words read as letters: <c>fr33 m0ney</c> is <c>free money</c>.</summary>
    Leetspeak = 2,

    /// <summary><c>f.r.e.e</c> and <c>f r e e</c> become <c>free</c>; <c>-</c>, <c>_</c>, <c>.</c> between letters become spaces.</summary>
    CollapseSeparators = 4,

    /// <summary>What the safety guard's word lists match on.</summary>
    Safety = Confusables | Leetspeak | CollapseSeparators,
}
