using System.Globalization;
using Xunit.Abstractions;

namespace XBot.Tests.Safety;

/// <summary>
/// The guard on a labelled corpus (Data/safety-corpus.tsv): texts it must refuse (spam hidden every way
/// we know, personal data, secrets, violence, self-promotion, in several scripts) and texts it must let
/// through (ordinary posts in eight scripts, and numbers and identifiers that look like personal data).
/// The rates are in docs/safety.md; the test fails if either rises above them.
/// </summary>
public sealed class SafetyCorpusTests(ITestOutputHelper output)
{
    // Measured on the corpus (docs/safety.md). Lower them when the guard improves; never raise them to pass.
    private const double MeasuredFalsePositiveRate = 0.0;
    private const double MeasuredFalseNegativeRate = 5.0 / 118;

    // AWS's documented example key, kept out of the data file (and split here) so secret scanners don't take it for a real one.
    private const string AwsExampleKey = "AKIA" + "IOSFODNN7EXAMPLE";

    private static IReadOnlyList<(bool Block, string Script, string Case, string Text)> Corpus() =>
        [.. File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "Safety", "Data", "safety-corpus.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Replace("{aws-example-key}", AwsExampleKey, StringComparison.Ordinal))
            .Select(line => line.Split('\t'))
            .Select(f => (f[0] switch { "block" => true, "allow" => false, _ => throw new FormatException($"label '{f[0]}'") }, f[1], f[2], f[3]))];

    [Fact]
    public void The_corpus_is_large_and_varied_enough()
    {
        var corpus = Corpus();
        Assert.True(corpus.Count >= 200, $"{corpus.Count} texts");
        Assert.True(corpus.Count(c => c.Block) >= 80);
        Assert.True(corpus.Count(c => !c.Block) >= 80);
        Assert.True(corpus.Select(c => c.Script).Distinct().Count() >= 5);
    }

    [Fact]
    public void False_positive_and_false_negative_rates_stay_at_or_below_the_measured_ones()
    {
        var corpus = Corpus();
        var falsePositives = new List<string>();
        var falseNegatives = new List<string>();
        foreach (var (block, script, @case, text) in corpus)
        {
            var verdict = SafetyRuleTests.Check(text);
            if (block && verdict.Allowed)
            {
                falseNegatives.Add($"{script}/{@case}: {text}");
            }
            else if (!block && !verdict.Allowed)
            {
                falsePositives.Add($"{script}/{@case}: {text} => {string.Join("; ", verdict.Reasons.Select(r => $"{r.Rule}: {r.Detail}"))}");
            }
        }
        var blocks = corpus.Count(c => c.Block);
        var allows = corpus.Count - blocks;
        var fpRate = (double)falsePositives.Count / allows;
        var fnRate = (double)falseNegatives.Count / blocks;
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{corpus.Count} texts: {blocks} to refuse, {allows} to allow"));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"false positives {falsePositives.Count}/{allows} = {fpRate:0.000}; false negatives {falseNegatives.Count}/{blocks} = {fnRate:0.000}"));
        falsePositives.ForEach(f => output.WriteLine("FP " + f));
        falseNegatives.ForEach(f => output.WriteLine("FN " + f));

        Assert.True(fpRate <= MeasuredFalsePositiveRate, $"false-positive rate {fpRate:0.000} rose above {MeasuredFalsePositiveRate}: {string.Join(" | ", falsePositives)}");
        Assert.True(fnRate <= MeasuredFalseNegativeRate, $"false-negative rate {fnRate:0.000} rose above {MeasuredFalseNegativeRate}: {string.Join(" | ", falseNegatives)}");
    }
}
