using System.Globalization;
using XBot.Core.Storage.Dedup;
using XBot.Core.Text;
using Xunit.Abstractions;

namespace XBot.Tests.Storage;

/// <summary>
/// Precision and recall of the near-duplicate measure on a labelled set of pairs (Data/near-duplicate-pairs.tsv):
/// near-copies that must be refused, and different posts (same template, same topic, a version bump) that
/// must pass. The figures are in docs/safety.md; the test fails if the defaults do worse.
/// </summary>
public sealed class NearDuplicateMeasureTests(ITestOutputHelper output)
{
    // Measured with the defaults (docs/safety.md); a change that lowers either fails here.
    private const double MeasuredPrecision = 1.0;
    private const double MeasuredRecall = 0.95;

    internal static IReadOnlyList<(bool IsCopy, string Earlier, string Text)> Pairs() =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Storage", "Data", "near-duplicate-pairs.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split('\t'))
            .Select(f => (f[0] switch { "copy" => true, "distinct" => false, _ => throw new FormatException($"label '{f[0]}'") }, f[1], f[2]))];

    internal static (double Precision, double Recall, int Flagged) Measure(int shingleSize, double threshold)
    {
        int truePositive = 0, falsePositive = 0, falseNegative = 0;
        foreach (var (isCopy, earlier, text) in Pairs())
        {
            var flagged = Shingles.Of(text, shingleSize).JaccardWith(Shingles.Of(earlier, shingleSize)) >= threshold
                || ContentFingerprint.Of(text).Hash == ContentFingerprint.Of(earlier).Hash;
            if (flagged && isCopy) truePositive++;
            if (flagged && !isCopy) falsePositive++;
            if (!flagged && isCopy) falseNegative++;
        }
        var precision = truePositive + falsePositive == 0 ? 1.0 : (double)truePositive / (truePositive + falsePositive);
        var recall = truePositive + falseNegative == 0 ? 1.0 : (double)truePositive / (truePositive + falseNegative);
        return (precision, recall, truePositive + falsePositive);
    }

    [Fact]
    public void The_pair_set_has_both_labels()
    {
        var pairs = Pairs();
        Assert.True(pairs.Count(p => p.IsCopy) >= 30);
        Assert.True(pairs.Count(p => !p.IsCopy) >= 30);
    }

    [Fact]
    public void The_defaults_keep_the_measured_precision_and_recall()
    {
        var defaults = new DedupOptions();
        foreach (var size in new[] { 1, 2, 3 })
        {
            foreach (var threshold in new[] { 0.4, 0.5, 0.55, 0.6, 0.65, 0.7, 0.8, 0.9 })
            {
                var (p, r, _) = Measure(size, threshold);
                output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"shingle {size} threshold {threshold:0.00}: precision {p:0.000} recall {r:0.000}"));
            }
        }
        var (precision, recall, _) = Measure(defaults.ShingleSize, defaults.NearDuplicateThreshold);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"defaults: precision {precision:0.000} recall {recall:0.000}"));
        Assert.True(precision >= MeasuredPrecision, $"precision {precision:0.000} fell below the measured {MeasuredPrecision}");
        Assert.True(recall >= MeasuredRecall, $"recall {recall:0.000} fell below the measured {MeasuredRecall}");
    }
}
