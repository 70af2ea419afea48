using System.Globalization;
using System.Net;
using System.Text;

namespace GeosChem.PowerShell.Benchmarks;

/// <summary>
/// One self-contained HTML page: the plans side by side, x86_64 against arm64, the component times, and three plots
/// as embedded SVG images. A Content-Security-Policy forbids every request the page could make.
/// </summary>
internal static class BenchmarkHtmlReport
{
    public static string Render(string title, IReadOnlyList<BenchmarkRow> rows, DateTime generatedUtc)
    {
        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n")
            .Append("<title>").Append(Encode(title)).Append("</title>\n<style>")
            .Append("body{font-family:sans-serif;margin:2em;color:#222}table{border-collapse:collapse;margin:1em 0}")
            .Append("th,td{border:1px solid #bbb;padding:.3em .6em;text-align:right}th:first-child,td:first-child{text-align:left}")
            .Append(".plots img{width:640px;height:400px;margin:.5em;border:1px solid #ddd}")
            .Append("</style>\n</head>\n<body>\n<h1>").Append(Encode(title)).Append("</h1>\n<p>Generated ")
            .Append(generatedUtc.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture))
            .Append(" by GeosChem.PowerShell from GEOS-Chem's own timers. Speed-up and efficiency are against the plan with the fewest cores.</p>\n");

        Plans(html, rows);
        Architectures(html, rows);
        Components(html, rows);

        html.Append("<h2>Plots</h2>\n<div class=\"plots\">\n");
        Image(html, "scaling", BenchmarkPlots.Scaling(rows));
        Image(html, "efficiency", BenchmarkPlots.Efficiency(rows));
        Image(html, "cost-against-time", BenchmarkPlots.CostAgainstTime(rows));
        html.Append("</div>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void Plans(StringBuilder html, IReadOnlyList<BenchmarkRow> rows)
    {
        html.Append("<h2>Plans</h2>\n<table id=\"plans\">\n<tr><th>Plan</th><th>Instance type</th><th>Architecture</th><th>Cores</th><th>Nodes</th>")
            .Append("<th>Wall hours</th><th>Simulated days per day</th><th>On-Demand USD per simulated year</th><th>Spot USD per simulated year</th>")
            .Append("<th>Speed-up</th><th>Efficiency</th><th>Estimated hours</th><th>Estimate error</th></tr>\n");
        foreach (var row in rows)
        {
            var run = row.Run;
            Row(html, run.Label, run.InstanceType, run.Architecture, N(run.CoresPerNode), N(run.NodeCount), F(run.WallSeconds / 3600, 2),
                F(row.SimulatedDaysPerDay, 1), F(row.OnDemandUsdPerSimulatedYear, 0), row.SpotUsdPerSimulatedYear is { } s ? F(s, 0) : "",
                F(row.SpeedUp, 2), P(row.ParallelEfficiency), run.EstimatedSeconds is { } e ? F(e / 3600, 2) : "", row.EstimateError is { } err ? P(err) : "");
        }
        html.Append("</table>\n");
    }

    private static void Architectures(StringBuilder html, IReadOnlyList<BenchmarkRow> rows)
    {
        html.Append("<h2>x86_64 against arm64</h2>\n<table id=\"architectures\">\n<tr><th>Architecture</th><th>Plans</th>")
            .Append("<th>Fastest plan</th><th>Simulated days per day</th><th>Cheapest plan (On-Demand)</th><th>USD per simulated year</th></tr>\n");
        foreach (var group in rows.GroupBy(r => r.Run.Architecture).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var fastest = group.MaxBy(r => r.SimulatedDaysPerDay)!;
            var cheapest = group.MinBy(r => r.OnDemandUsdPerSimulatedYear)!;
            Row(html, group.Key, N(group.Count()), fastest.Run.Label, F(fastest.SimulatedDaysPerDay, 1), cheapest.Run.Label, F(cheapest.OnDemandUsdPerSimulatedYear, 0));
        }
        html.Append("</table>\n");
    }

    private static void Components(StringBuilder html, IReadOnlyList<BenchmarkRow> rows)
    {
        var names = rows.SelectMany(r => r.Components.Select(c => c.Name)).Distinct().ToList();
        if (names.Count == 0) return;
        html.Append("<h2>Component seconds</h2>\n<table id=\"components\">\n<tr><th>Plan</th>");
        foreach (var name in names) html.Append("<th>").Append(Encode(name)).Append("</th>");
        html.Append("</tr>\n");
        foreach (var row in rows)
        {
            var seconds = row.Components.ToDictionary(c => c.Name, c => c.Seconds);
            Row(html, [row.Run.Label, .. names.Select(n => seconds.TryGetValue(n, out var s) ? F(s, 1) : "")]);
        }
        html.Append("</table>\n");
    }

    private static void Image(StringBuilder html, string id, string svg) =>
        html.Append("<img id=\"").Append(id).Append("\" alt=\"").Append(id).Append(" plot\" src=\"data:image/svg+xml;base64,")
            .Append(Convert.ToBase64String(Encoding.UTF8.GetBytes(svg))).Append("\">\n");

    private static void Row(StringBuilder html, params string[] cells)
    {
        html.Append("<tr>");
        foreach (var cell in cells) html.Append("<td>").Append(Encode(cell)).Append("</td>");
        html.Append("</tr>\n");
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
    private static string N(int value) => value.ToString(CultureInfo.InvariantCulture);
    private static string F(double value, int decimals) => value.ToString("N" + decimals, CultureInfo.InvariantCulture);
    private static string P(double fraction) => fraction.ToString("P0", CultureInfo.InvariantCulture);
}
