namespace XBot.Core.Text;

/// <summary>
/// twitter-text's <c>parseTweet</c> result. Ranges are inclusive UTF-16 indices into the text as given
/// (before normalisation); <see cref="ValidRangeEnd"/> is the last index that still fits.
/// </summary>
public sealed record WeightedLengthResult(
    int WeightedLength,
    bool Valid,
    int Permillage,
    int ValidRangeStart,
    int ValidRangeEnd,
    int DisplayRangeStart,
    int DisplayRangeEnd);
