using XBot.Web.Components.Insights;

namespace XBot.Tests.Web;

/// <summary>The scale under every chart: data values onto SVG coordinates, with the degenerate domains a chart meets.</summary>
public sealed class ChartScaleTests
{
    [Fact]
    public void The_domain_ends_map_to_the_range_ends_and_values_between_proportionally()
    {
        var scale = ChartScale.Fit([2, 4, 10], 100, 500);

        Assert.Equal((2, 10), (scale.DomainMin, scale.DomainMax));
        Assert.Equal(100, scale.Map(2), 9);
        Assert.Equal(500, scale.Map(10), 9);
        Assert.Equal(200, scale.Map(4), 9);
    }

    [Fact]
    public void A_reversed_range_puts_the_minimum_at_the_bottom_of_an_SVG()
    {
        var scale = ChartScale.Fit([0.1, 0.3], 216, 10, fixedMin: 0, fixedMax: 1);

        Assert.Equal(216, scale.Map(0), 9);
        Assert.Equal(10, scale.Map(1), 9);
        Assert.Equal(216 - 0.3 * 206, scale.Map(0.3), 9);
    }

    [Theory]
    [InlineData(5.0)]
    [InlineData(0.0)]
    [InlineData(-2.0)]
    public void One_value_is_widened_around_itself_and_sits_in_the_middle(double only)
    {
        var scale = ChartScale.Fit([only], 0, 200);

        Assert.True(scale.DomainMax > scale.DomainMin);
        Assert.Equal(100, scale.Map(only), 9);
    }

    [Fact]
    public void No_values_give_the_unit_domain_and_non_finite_values_are_ignored()
    {
        Assert.Equal((0, 1), (ChartScale.Fit([], 0, 10).DomainMin, ChartScale.Fit([], 0, 10).DomainMax));
        Assert.Equal((1, 3), (ChartScale.Fit([1, double.NaN, 3, double.PositiveInfinity], 0, 10).DomainMin, ChartScale.Fit([1, double.NaN, 3], 0, 10).DomainMax));
    }

    [Fact]
    public void Ticks_are_evenly_spaced_and_include_both_ends()
    {
        Assert.Equal([0, 0.25, 0.5, 0.75, 1], ChartScale.Fit([], 0, 1, 0, 1).Ticks(5));
    }

    [Fact]
    public void Coordinates_are_written_with_a_dot_whatever_the_culture()
    {
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("de-DE");
        try
        {
            Assert.Equal("12.5", ChartScale.N(12.5));
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public void The_heat_ramp_runs_from_pale_to_deep_and_clamps()
    {
        Assert.Equal("#e8f1fb", ChartPalette.Ramp(0));
        Assert.Equal("#084594", ChartPalette.Ramp(1));
        Assert.Equal(ChartPalette.Ramp(1), ChartPalette.Ramp(7));
        Assert.Equal(ChartPalette.Ramp(0), ChartPalette.Ramp(double.NaN));
    }
}
