using System.Text;
using XBot.Core.Text;

namespace XBot.Core.Safety;

/// <summary>
/// One text as the checks see it: <see cref="Text"/> normalised (NFC), <see cref="Folded"/> its NFKC form
/// for word lists (so that full-width or styled letters still match), and <see cref="WithoutUrls"/> with
/// every URL blanked out, so that digits and letters inside links aren't taken for phone numbers or shouting.
/// </summary>
public sealed class SafetyInput
{
    public SafetyInput(string rawText, int maxHashtags)
    {
        Text = TextNormalizer.Normalize(rawText);
        Folded = Text.Normalize(NormalizationForm.FormKC);
        MaxHashtags = maxHashtags;
        Urls = Extract.UrlsWithIndices(Text);
        Hashtags = Extract.Hashtags(Text);
        WeightedLength = XBot.Core.Text.WeightedLength.Of(Text);

        var blanked = new StringBuilder(Text);
        foreach (var url in Urls)
        {
            for (var i = url.Start; i < url.End; i++)
            {
                blanked[i] = ' ';
            }
        }
        WithoutUrls = blanked.ToString();
    }

    public string Text { get; }
    public string Folded { get; }
    public string WithoutUrls { get; }
    public int MaxHashtags { get; }
    public int WeightedLength { get; }
    public IReadOnlyList<TextEntity> Urls { get; }
    public IReadOnlyList<string> Hashtags { get; }
}
