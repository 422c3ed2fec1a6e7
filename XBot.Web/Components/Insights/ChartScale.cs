using System.Globalization;

namespace XBot.Web.Components.Insights;

/// <summary>
/// A linear map from data values to SVG coordinates. A domain of one value (one point, or all equal) is widened
/// around it, so a single point sits in the middle instead of dividing by zero.
/// </summary>
public readonly record struct ChartScale(double DomainMin, double DomainMax, double RangeMin, double RangeMax)
{
    public double Map(double value) =>
        RangeMin + (value - DomainMin) / (DomainMax - DomainMin) * (RangeMax - RangeMin);

    /// <summary>The scale over <paramref name="values"/> (and the fixed ends when given), onto [rangeMin, rangeMax].</summary>
    public static ChartScale Fit(IEnumerable<double> values, double rangeMin, double rangeMax, double? fixedMin = null, double? fixedMax = null)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var min = fixedMin ?? (finite.Count > 0 ? finite.Min() : 0);
        var max = fixedMax ?? (finite.Count > 0 ? finite.Max() : 1);
        if (max <= min)
        {
            var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.5 : 1;
            (min, max) = fixedMin is not null ? (min, min + pad * 2) : fixedMax is not null ? (max - pad * 2, max) : (min - pad, max + pad);
        }
        return new ChartScale(min, max, rangeMin, rangeMax);
    }

    /// <summary><paramref name="count"/> evenly spaced values across the domain, ends included.</summary>
    public IReadOnlyList<double> Ticks(int count = 5)
    {
        if (count < 2)
        {
            return [DomainMin];
        }
        var (min, step) = (DomainMin, (DomainMax - DomainMin) / (count - 1));
        return [.. Enumerable.Range(0, count).Select(i => min + i * step)];
    }

    /// <summary>SVG coordinates with a dot, whatever the server's culture.</summary>
    public static string N(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);
}

public sealed record ChartPoint(double X, double Y, string? Label = null);

public sealed record ChartSeries(string Name, IReadOnlyList<ChartPoint> Points);

/// <summary>A bar (<see cref="Value"/>) with an optional interval around it, such as a posterior mean and its credible interval.</summary>
public sealed record ChartInterval(string Label, double Value, double? Lower = null, double? Upper = null, string? Note = null);

public sealed record HeatCell(string Row, string Column, double Value, string? Tooltip = null);

/// <summary>The palette the charts share: distinguishable series colours, and the heat map's ramp.</summary>
public static class ChartPalette
{
    private static readonly string[] Series = ["#1d9bf0", "#e0245e", "#17bf63", "#ffad1f", "#794bc4", "#f45d22", "#0e7490", "#6b7280"];

    public static string Color(int index) => Series[((index % Series.Length) + Series.Length) % Series.Length];

    /// <summary>From a pale blue (0) to a deep blue (1); <paramref name="t"/> is clamped.</summary>
    public static string Ramp(double t)
    {
        t = double.IsFinite(t) ? Math.Clamp(t, 0, 1) : 0;
        static int Mix(int a, int b, double t) => (int)Math.Round(a + (b - a) * t);
        return $"#{Mix(0xe8, 0x08, t):x2}{Mix(0xf1, 0x45, t):x2}{Mix(0xfb, 0x94, t):x2}";
    }
}
