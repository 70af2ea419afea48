using OxyPlot;
using OxyPlot.Annotations;
using OxyPlot.Axes;
using OxyPlot.Legends;
using OxyPlot.Series;

namespace GeosChem.PowerShell.Benchmarks;

/// <summary>The report's three plots as SVG, drawn by OxyPlot (no native code, so the module stays portable).</summary>
internal static class BenchmarkPlots
{
    private const int Width = 640, Height = 400;

    public static string Scaling(IReadOnlyList<BenchmarkRow> rows)
    {
        var model = PerArchitecture("Scaling: simulated days per day", "Simulated days per day", rows, r => r.SimulatedDaysPerDay);
        var baseline = rows.MinBy(r => r.Run.TotalCores)!;
        var ideal = new LineSeries { Title = "ideal", LineStyle = LineStyle.Dash, Color = OxyColors.Gray };
        foreach (var cores in rows.Select(r => r.Run.TotalCores).Distinct().Order())
        {
            ideal.Points.Add(new DataPoint(cores, baseline.SimulatedDaysPerDay / baseline.SpeedUp * cores / baseline.Run.TotalCores));
        }
        model.Series.Add(ideal);
        return Svg(model);
    }

    public static string Efficiency(IReadOnlyList<BenchmarkRow> rows)
    {
        return Svg(PerArchitecture("Parallel efficiency against the smallest plan", "Efficiency", rows, r => r.ParallelEfficiency));
    }

    public static string CostAgainstTime(IReadOnlyList<BenchmarkRow> rows)
    {
        var model = Model("Cost against time, per simulated year", "Wall-clock days per simulated year", "USD per simulated year");
        var onDemand = new ScatterSeries { Title = "On-Demand", MarkerType = MarkerType.Circle, MarkerSize = 5 };
        var spot = new ScatterSeries { Title = "Spot", MarkerType = MarkerType.Triangle, MarkerSize = 5 };
        foreach (var row in rows)
        {
            var days = 365.25 / row.SimulatedDaysPerDay;
            onDemand.Points.Add(new ScatterPoint(days, row.OnDemandUsdPerSimulatedYear));
            model.Annotations.Add(new TextAnnotation
            {
                Text = row.Run.Label, TextPosition = new DataPoint(days, row.OnDemandUsdPerSimulatedYear), Stroke = OxyColors.Transparent,
                TextVerticalAlignment = VerticalAlignment.Bottom, FontSize = 10,
            });
            if (row.SpotUsdPerSimulatedYear is { } spotCost) spot.Points.Add(new ScatterPoint(days, spotCost));
        }
        model.Series.Add(onDemand);
        if (spot.Points.Count > 0) model.Series.Add(spot);
        return Svg(model);
    }

    /// <summary>One line per architecture of <paramref name="y"/> against total cores.</summary>
    private static PlotModel PerArchitecture(string title, string yTitle, IReadOnlyList<BenchmarkRow> rows, Func<BenchmarkRow, double> y)
    {
        var model = Model(title, "Cores", yTitle);
        foreach (var group in rows.OrderBy(r => r.Run.TotalCores).GroupBy(r => r.Run.Architecture))
        {
            var series = new LineSeries { Title = group.Key, MarkerType = MarkerType.Circle, MarkerSize = 4 };
            foreach (var row in group) series.Points.Add(new DataPoint(row.Run.TotalCores, y(row)));
            model.Series.Add(series);
        }
        return model;
    }

    private static PlotModel Model(string title, string x, string y)
    {
        // Arial: the exporter measures text with Helvetica's metrics, which browsers' Arial (or Liberation Sans) matches.
        var model = new PlotModel { Title = title, Background = OxyColors.White, DefaultFont = "Arial" };
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Bottom, Title = x, AxisTitleDistance = 6, MajorGridlineStyle = LineStyle.Dot, MinimumPadding = 0.08, MaximumPadding = 0.08 });
        model.Axes.Add(new LinearAxis { Position = AxisPosition.Left, Title = y, AxisTitleDistance = 10, Minimum = 0, MaximumPadding = 0.1, MajorGridlineStyle = LineStyle.Dot });
        model.Legends.Add(new Legend { LegendPlacement = LegendPlacement.Outside, LegendPosition = LegendPosition.BottomCenter, LegendOrientation = LegendOrientation.Horizontal });
        return model;
    }

    private static string Svg(PlotModel model) => SvgExporter.ExportToString(model, Width, Height, isDocument: true);
}
