using System.Globalization;
using Bunit;
using XBot.Web.Components.Insights;

namespace XBot.Tests.Web;

/// <summary>The SVG chart components rendered by bUnit: what they draw for real data, one point, and no data.</summary>
public sealed class ChartComponentTests : BunitContext
{
    [Fact]
    public void A_line_chart_without_data_says_so_and_draws_nothing()
    {
        var chart = Render<LineChart>(p => p.Add(c => c.Series, []).Add(c => c.EmptyText, "Nothing recorded yet."));

        Assert.Empty(chart.FindAll("svg"));
        Assert.Equal("Nothing recorded yet.", chart.Find(".chart-empty").TextContent);
    }

    [Fact]
    public void A_line_chart_with_one_point_draws_a_dot_in_the_middle_and_no_line()
    {
        var chart = Render<LineChart>(p => p.Add(c => c.Series, [new ChartSeries("topic:ai", [new ChartPoint(1700000000, 0.4)])]).Add(c => c.Width, 640));

        var dot = Assert.Single(chart.FindAll("circle.point"));
        Assert.Empty(chart.FindAll("polyline"));
        // Between the left margin (48) and the right edge less its margin (640 - 12).
        Assert.Equal((48 + 628) / 2.0, Coordinate(dot.GetAttribute("cx")), 6);
    }

    [Fact]
    public void A_line_chart_maps_each_series_onto_the_plot_with_the_lowest_value_at_the_bottom()
    {
        var chart = Render<LineChart>(p => p
            .Add(c => c.Series, [
                new ChartSeries("topic:ai", [new ChartPoint(0, 0), new ChartPoint(10, 1)]),
                new ChartSeries("topic:ops", [new ChartPoint(0, 0.5), new ChartPoint(5, 0.25), new ChartPoint(10, 0.5)])])
            .Add(c => c.YMin, 0).Add(c => c.YMax, 1).Add(c => c.Width, 640).Add(c => c.Height, 240));

        var lines = chart.FindAll("polyline.series");
        Assert.Equal(2, lines.Count);
        // x: 48 → 628; y: 0 at 240 - 24 = 216, 1 at the top margin 10.
        Assert.Equal("48,216 628,10", lines[0].GetAttribute("points"));
        Assert.Equal("48,113 338,164.5 628,113", lines[1].GetAttribute("points"));
        Assert.Equal(5, chart.FindAll("circle.point").Count);
        Assert.Equal(["topic:ai", "topic:ops"], chart.FindAll(".chart-legend li").Select(l => l.TextContent));
        Assert.NotEqual(lines[0].GetAttribute("stroke"), lines[1].GetAttribute("stroke"));
    }

    [Fact]
    public void An_interval_chart_draws_a_bar_to_the_mean_and_a_whisker_over_the_interval()
    {
        var chart = Render<IntervalChart>(p => p
            .Add(c => c.Items, [new ChartInterval("ai", 0.5, 0.2, 0.8), new ChartInterval("ops", 0.25)])
            .Add(c => c.Min, 0).Add(c => c.Max, 1).Add(c => c.Width, 640));

        var rows = chart.FindAll("g.row");
        Assert.Equal(2, rows.Count);
        // x: 0 → the label column's edge (150), 1 → 640 - 16 = 624.
        var whisker = rows[0].QuerySelector("line.interval")!;
        Assert.Equal(150 + 0.2 * 474, Coordinate(whisker.GetAttribute("x1")), 6);
        Assert.Equal(150 + 0.8 * 474, Coordinate(whisker.GetAttribute("x2")), 6);
        Assert.Equal(0.5 * 474, Coordinate(rows[0].QuerySelector("rect.bar")!.GetAttribute("width")), 6);
        Assert.Null(rows[1].QuerySelector("line.interval"));
        Assert.Equal(150 + 0.25 * 474, Coordinate(rows[1].QuerySelector("circle.value")!.GetAttribute("cx")), 6);
        Assert.Equal(["ai", "ops"], rows.Select(r => r.QuerySelector("text.label")!.TextContent));
    }

    [Fact]
    public void An_interval_chart_without_items_says_so()
    {
        var chart = Render<IntervalChart>(p => p.Add(c => c.Items, []));

        Assert.Empty(chart.FindAll("svg"));
        Assert.Single(chart.FindAll(".chart-empty"));
    }

    [Fact]
    public void A_heat_map_colours_by_value_outlines_the_best_cell_and_leaves_empty_cells_grey()
    {
        var chart = Render<HeatMap>(p => p
            .Add(c => c.Columns, ["09", "12", "18"])
            .Add(c => c.Cells, [new HeatCell("ai", "09", 0.02), new HeatCell("ai", "18", 0.10), new HeatCell("ops", "12", 0.06)]));

        var cells = chart.FindAll("rect.cell");
        Assert.Equal(6, cells.Count);
        Assert.Equal(3, chart.FindAll("rect.cell.empty").Count);
        var best = Assert.Single(chart.FindAll("rect.cell.best"));
        Assert.Equal(ChartPalette.Ramp(1), best.GetAttribute("fill"));
        Assert.Equal("ai 18", chart.Find(".best-cell").TextContent);
        Assert.Equal(ChartPalette.Ramp(0), cells[0].GetAttribute("fill"));
        Assert.Equal(ChartPalette.Ramp(0.5), cells[4].GetAttribute("fill"));
    }

    [Fact]
    public void A_heat_map_with_one_cell_shows_it_at_full_strength_and_without_data_says_so()
    {
        var one = Render<HeatMap>(p => p.Add(c => c.Columns, ["00", "01"]).Add(c => c.Cells, [new HeatCell("ai", "01", 0.04)]));
        var none = Render<HeatMap>(p => p.Add(c => c.Columns, ["00", "01"]).Add(c => c.Cells, []));

        Assert.Equal(ChartPalette.Ramp(1), one.Find("rect.cell.best").GetAttribute("fill"));
        Assert.Single(one.FindAll("rect.cell.empty"));
        Assert.Empty(none.FindAll("svg"));
        Assert.Single(none.FindAll(".chart-empty"));
    }

    [Fact]
    public void An_api_that_is_down_is_a_banner_and_an_api_error_is_its_message()
    {
        var down = Render<ApiMessage>(p => p.Add(c => c.Error, "The api can't be reached (Connection refused).").Add(c => c.Unreachable, true));
        var refused = Render<ApiMessage>(p => p.Add(c => c.Error, "There is no post 7. (404 Not Found)"));
        var fine = Render<ApiMessage>(p => p.Add(c => c.Error, null));

        Assert.Contains("The api is unreachable.", down.Find(".error-message.api-down").TextContent);
        Assert.Equal("There is no post 7. (404 Not Found)", refused.Find("p.error-message").TextContent);
        Assert.Empty(fine.Markup.Trim());
    }

    private static double Coordinate(string? value) => double.Parse(value!, CultureInfo.InvariantCulture);
}
