using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace XBot.Worker.Benchmarks;

/// <summary>
/// One measured path next to its baseline from the same run. Throughput rows are in operations per
/// second (higher is better); latency rows in milliseconds (lower is better) and may have no baseline.
/// </summary>
public sealed record BenchmarkRow(string Id, string Path, string Mode, string Unit, double Value, string? Baseline, double? BaselineValue, string Goal)
{
    /// <summary>XBot against its baseline, so that 1.0 means "as fast as the raw operation", whatever the unit.</summary>
    public double? Ratio => BaselineValue is > 0 ? Unit == BenchmarkUnits.OpsPerSecond ? Value / BaselineValue : BaselineValue / Value : null;
}

public static class BenchmarkUnits
{
    public const string OpsPerSecond = "ops/s";
    public const string Milliseconds = "ms";
}

/// <summary>What a run measured, where and how; written with <c>--save</c> and read back with <c>--compare</c>.</summary>
public sealed record BenchmarkReport(DateTimeOffset At, string Machine, int Processors, double DurationSeconds, int Rounds, IReadOnlyList<BenchmarkRow> Rows)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static BenchmarkReport Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<BenchmarkReport>(File.ReadAllText(path), Json)
                ?? throw new InvalidDataException("the file holds no report");
        }
        catch (Exception ex) when (ex is JsonException or InvalidDataException or NotSupportedException)
        {
            throw new InvalidDataException($"{path} is not a benchmark report written by 'benchmark --save': {ex.Message}", ex);
        }
    }

    /// <summary>The ratio table, one line per row.</summary>
    public string ToTable()
    {
        var lines = new List<string[]> { new[] { "row", "mode", "XBot", "baseline (same run)", "ratio", "goal" } };
        foreach (var row in Rows)
        {
            lines.Add([
                row.Path, row.Mode, Format(row.Value, row.Unit),
                row.Baseline is null ? "—" : $"{row.Baseline}: {Format(row.BaselineValue ?? 0, row.Unit)}",
                row.Ratio is { } r ? $"{r:0.00}×" : "—", row.Goal,
            ]);
        }
        return Render(lines) + $"\n{Machine}, {Processors} processors, {Rounds} round(s) of {DurationSeconds:0.#} s per measurement, median shown; ratios compare with the same run's baseline.";
    }

    /// <summary>The change of each row present in both runs: the ratio when both have one, else the value.</summary>
    public string CompareWith(BenchmarkReport before)
    {
        var lines = new List<string[]> { new[] { "row", "mode", "before", "now", "change" } };
        foreach (var row in Rows)
        {
            var old = before.Rows.FirstOrDefault(r => r.Id == row.Id);
            if (old is null)
            {
                lines.Add([row.Path, row.Mode, "—", Describe(row), "new"]);
                continue;
            }
            double change = row.Ratio is { } now && old.Ratio is { } then && then > 0
                ? now / then
                : row.Unit == BenchmarkUnits.OpsPerSecond ? row.Value / old.Value : old.Value / row.Value;
            lines.Add([row.Path, row.Mode, Describe(old), Describe(row), $"{change:0.00}× {(change >= 1 ? "better" : "worse")}"]);
        }
        return Render(lines) + $"\nbefore: {before.At:u} on {before.Machine}; now: {At:u} on {Machine}.";
    }

    private static string Describe(BenchmarkRow row) =>
        row.Ratio is { } r ? $"{r:0.00}× ({Format(row.Value, row.Unit)})" : Format(row.Value, row.Unit);

    private static string Format(double value, string unit) => unit switch
    {
        BenchmarkUnits.OpsPerSecond when value >= 1_000_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1_000_000:0.00}M ops/s"),
        BenchmarkUnits.OpsPerSecond when value >= 1_000 => string.Create(CultureInfo.InvariantCulture, $"{value / 1_000:0.0}k ops/s"),
        BenchmarkUnits.OpsPerSecond => string.Create(CultureInfo.InvariantCulture, $"{value:0} ops/s"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {unit}"),
    };

    private static string Render(List<string[]> lines)
    {
        var widths = Enumerable.Range(0, lines[0].Length).Select(c => lines.Max(l => l[c].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var line in lines)
        {
            text.AppendLine(string.Join("  ", line.Select((cell, c) => cell.PadRight(widths[c]))).TrimEnd());
        }
        return text.ToString().TrimEnd();
    }
}
