using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Benchmarks;
using GeosChem.PowerShell.Timing;

namespace GeosChem.PowerShell.Tests;

public sealed class BenchmarkReportTests
{
    private static readonly TimerReading[] ClassicTimers =
    [
        new("GEOS-Chem", 0, 3600), new("HEMCO", 0, 900), new("All chemistry", 0, 1800), new("=> Gas-phase chem", 1, 1500),
        new("Transport", 0, 400), new("=> Linearized chem", 1, null, Note: "did not run"),
    ];

    private static BenchmarkRun Run(string label, string arch, int cores, double wallSeconds, double days = 7, double od = 1.0, double? spot = 0.4, double? estimate = null) =>
        new(label, "GCClassic", $"type-{label}", arch, cores, 1, od, spot, wallSeconds, days, ClassicTimers, estimate);

    [Fact]
    public void ThroughputCostSpeedUpAndEfficiencyAreMeasuredAgainstTheSmallestPlan()
    {
        var rows = BenchmarkAnalysis.Analyse(
        [
            Run("c24", "x86_64", 24, 3 * 3600, od: 1.2, estimate: 3.3 * 3600),
            Run("c12", "x86_64", 12, 5 * 3600, od: 0.6),
            Run("g48", "arm64", 48, 2 * 3600, days: 14, od: 2.0, spot: null),
        ]);

        var small = rows.Single(r => r.Run.Label == "c12");
        Assert.Equal((1.0, 1.0), (small.SpeedUp, small.ParallelEfficiency));
        var c24 = rows.Single(r => r.Run.Label == "c24");
        Assert.Equal(56.0, c24.SimulatedDaysPerDay, 6);          // 7 days in 3 h
        Assert.Equal(5.0 / 3.0, c24.SpeedUp, 6);
        Assert.Equal(5.0 / 6.0, c24.ParallelEfficiency, 6);
        Assert.Equal(1.2 * 3 / 7, c24.OnDemandUsdPerSimulatedDay, 6);
        Assert.Equal(1.2 * 3 / 7 * 365.25, c24.OnDemandUsdPerSimulatedYear, 6);
        Assert.Equal(0.4 * 3 / 7, c24.SpotUsdPerSimulatedDay!.Value, 6);
        Assert.Equal(0.1, c24.EstimateError!.Value, 6);
        // A plan that simulated twice the days is compared by rate, not by wall time.
        var g48 = rows.Single(r => r.Run.Label == "g48");
        Assert.Equal(14.0 / 2 / (7.0 / 5), g48.SpeedUp, 6);
        Assert.Null(g48.SpotUsdPerSimulatedYear);
        Assert.Equal(["arm64", "x86_64", "x86_64"], rows.Select(r => r.Run.Architecture));
    }

    [Fact]
    public void ComponentsAreGeosChemsTopLevelTimersWithoutTheTotalAndWithoutTimersThatDidNotRun()
    {
        var components = BenchmarkAnalysis.Components(Run("a", "x86_64", 1, 1));
        Assert.Equal([("HEMCO", 900.0), ("All chemistry", 1800.0), ("Transport", 400.0)], components);

        var gchp = new BenchmarkRun("g", "GCHP", "c7i.48xlarge", "x86_64", 96, 1, 8, null, 100, 1,
            [new("GCHPchem", 0, 90), new("GCHPchem.Run", 1, 80), new("GCHPchem.Run.GC_CHEM", 2, 50), new("GCHPchem.Run.GC_CONV", 2, 5)], null);
        Assert.Equal([("GC_CHEM", 50.0), ("GC_CONV", 5.0)], BenchmarkAnalysis.Components(gchp));
    }

    [Fact]
    public void TheReportIsOnePageThatAsksForNothingFromOutside()
    {
        var html = Report();
        Assert.Contains("default-src 'none'", html, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex("(src|href)=\"(?!data:)", RegexOptions.IgnoreCase), html);
        Assert.Equal(3, Regex.Matches(html, "<img id=\"[a-z-]+\" alt=\"[a-z-]+ plot\" src=\"data:image/svg\\+xml;base64,").Count);
        Assert.Contains("<td>x86_64</td><td>2</td>", html, StringComparison.Ordinal); // the architecture table
        Assert.Contains("<th>All chemistry</th>", html, StringComparison.Ordinal);
    }

    [SkippableFact]
    public void HeadlessChromiumShowsThePlotsAndMakesNoNetworkRequest()
    {
        var chromium = new[] { "/usr/bin/chromium", "/usr/bin/chromium-browser" }.FirstOrDefault(File.Exists);
        Skip.If(chromium is null, "needs Debian's chromium package (apt-get install chromium; .ci/run installs it)");
        var folder = Directory.CreateTempSubdirectory("gc-report-");
        try
        {
            var page = Path.Combine(folder.FullName, "report.html");
            File.WriteAllText(page, Report());
            var withoutPlots = Path.Combine(folder.FullName, "no-plots.html");
            File.WriteAllText(withoutPlots, Regex.Replace(Report(), "src=\"data:image/svg\\+xml;base64,[^\"]+\"", "src=\"data:,\""));

            var netLog = Path.Combine(folder.FullName, "netlog.json");
            var shot = Screenshot(chromium!, page, Path.Combine(folder.FullName, "report.png"), netLog);
            var blank = Screenshot(chromium!, withoutPlots, Path.Combine(folder.FullName, "no-plots.png"), null);

            Assert.Equal((1400, 3000), (shot.Width, shot.Height));
            // Three 640x400 plots with axes, lines and text add tens of thousands of drawn pixels to the page.
            Assert.True(shot.NonWhite - blank.NonWhite > 30_000, $"plots drew {shot.NonWhite - blank.NonWhite} pixels");
            Assert.Empty(PageRequests(netLog));

            // The same check sees a request when a page makes one (to a closed loopback port).
            var leaky = Path.Combine(folder.FullName, "leaky.html");
            File.WriteAllText(leaky, "<!DOCTYPE html><html><body><img src=\"http://127.0.0.1:9/plot.png\"></body></html>");
            var leakyLog = Path.Combine(folder.FullName, "leaky.json");
            Screenshot(chromium!, leaky, Path.Combine(folder.FullName, "leaky.png"), leakyLog);
            Assert.Equal(["http://127.0.0.1:9/plot.png"], PageRequests(leakyLog));
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>
    /// The URLs the page itself asked for, from Chromium's net log: requests whose network isolation key is the page's
    /// file:// origin (Chromium's own background requests, such as update checks, have other keys).
    /// </summary>
    private static List<string> PageRequests(string netLog)
    {
        using var log = JsonDocument.Parse(File.ReadAllText(netLog));
        return log.RootElement.GetProperty("events").EnumerateArray()
            .Where(e => e.TryGetProperty("params", out var p) && p.TryGetProperty("url", out _) && p.TryGetProperty("network_isolation_key", out var key)
                && key.GetString()!.StartsWith("file://", StringComparison.Ordinal))
            .Select(e => e.GetProperty("params").GetProperty("url").GetString()!)
            .Where(url => !url.StartsWith("file:", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal))
            .Distinct().ToList();
    }

    private static (int Width, int Height, int NonWhite) Screenshot(string chromium, string page, string png, string? netLog)
    {
        var start = new ProcessStartInfo(chromium) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (var arg in new[] { "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-default-apps",
                     "--host-resolver-rules=MAP * ~NOTFOUND", "--window-size=1400,3000", $"--screenshot={png}" })
        {
            start.ArgumentList.Add(arg);
        }
        if (netLog is not null) start.ArgumentList.Add($"--log-net-log={netLog}");
        start.ArgumentList.Add(new Uri(page).AbsoluteUri);
        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        Assert.True(process.WaitForExit(120_000), "chromium did not finish in 2 minutes");
        Assert.True(File.Exists(png), $"chromium wrote no screenshot: {errors.Result}");
        return PngPixels.Read(png);
    }

    private static string Report() => BenchmarkHtmlReport.Render("GCClassic 4x5 fullchem, 7 days", BenchmarkAnalysis.Analyse(
    [
        Run("c7i.4xlarge", "x86_64", 8, 6 * 3600, od: 0.714, spot: 0.29, estimate: 5.5 * 3600),
        Run("c7i.12xlarge", "x86_64", 24, 2.6 * 3600, od: 2.142, spot: 0.85, estimate: 2.4 * 3600),
        Run("c7g.12xlarge", "arm64", 24, 3.1 * 3600, od: 1.741, spot: 0.7),
    ]), new DateTime(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc));
}
