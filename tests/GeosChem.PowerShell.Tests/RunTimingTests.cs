using System.Globalization;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Timing;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// GEOS-Chem's own timing output, read from fixtures that GEOS-Chem printed (tests/fixtures/timing/README.md says
/// where each comes from) or that reproduce its exact layout from the Fortran that prints it.
/// </summary>
public sealed class RunTimingTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "timing", name));

    [Fact]
    public void TheTimerTablePrintedByGeosChem1470IsReadTimerByTimer()
    {
        var timing = RunTimingReader.Read(Fixture("gcclassic-14.7.0.timers.log"), "log");

        Assert.Equal(("GCClassic", "GCClassic log"), (timing.Model, timing.Format));
        Assert.Equal(14, timing.Timers.Count);
        Assert.Equal(3.111, timing.WallSeconds);
        Assert.Equal(1.220, timing.Timers.Single(t => t.Name == "=> Gas-phase chem").Seconds);
        Assert.Equal(1, timing.Timers.Single(t => t.Name == "=> Gas-phase chem").Depth);
        Assert.Equal(0, timing.Timers.Single(t => t.Name == "HEMCO").Depth);
        var unrun = timing.Timers.Single(t => t.Name == "=> Linearized chem");
        Assert.Null(unrun.Seconds);
        Assert.Equal("did not run", unrun.Note);
        // The children of "All chemistry" fit inside it, as GEOS-Chem nests them.
        var children = timing.Timers.Where(t => t.Depth == 1).Sum(t => t.Seconds ?? 0);
        Assert.True(children <= timing.Timers.Single(t => t.Name == "All chemistry").Seconds);
        Assert.Contains(timing.Warnings, w => w.Contains("closing banner", StringComparison.Ordinal));
    }

    [Fact]
    public void GcclassicTimersJsonIsReadDespiteTheTrailingCommaGeosChemWritesAfterAnUnrunLastTimer()
    {
        var text = Fixture("gcclassic-14.7.0.timers.json");
        Assert.Contains("},\n    }", text.Replace("\r\n", "\n", StringComparison.Ordinal)); // the real file is not valid JSON
        var timing = RunTimingReader.Read(text, "gcclassic_timers.json");

        Assert.Equal("gcclassic_timers.json", timing.Format);
        var fromLog = RunTimingReader.Read(Fixture("gcclassic-14.7.0.timers.log"), "log");
        // GEOS-Chem leaves timers that did not run out of the JSON; every other one agrees with the log.
        Assert.Equal(fromLog.Timers.Where(t => t.Seconds is not null).Select(t => (t.Name, t.Seconds, t.Depth)),
            timing.Timers.Select(t => (t.Name, t.Seconds, t.Depth)));
        Assert.Equal(fromLog.WallSeconds, timing.WallSeconds);
    }

    [Fact]
    public void A13xTableWithAnOverflowedTimerAndNestedKppTimersIsRead()
    {
        var timing = RunTimingReader.Read(Fixture("geos-chem-issue598-13.x-kpp.log"), "issue 598");

        Assert.Equal(3388.078, timing.WallSeconds);
        var kpp = timing.Timers.Single(t => t.Name == "-> KPP");
        Assert.Null(kpp.Seconds);
        Assert.Contains("overflowed", kpp.Note, StringComparison.Ordinal);
        Assert.Equal(2, kpp.Depth);
        Assert.Equal((3, 740.859), timing.Timers.Single(t => t.Name == "Integrate 1") is var i ? (i.Depth, i.Seconds!.Value) : default);
        Assert.Equal(16, timing.Timers.Count);
        Assert.Contains(timing.Warnings, w => w.Contains("'=> Aerosol chem'", StringComparison.Ordinal) && w.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void ATableCutMidLineKeepsEveryCompleteTimerAndSaysItIsTruncated()
    {
        var timing = RunTimingReader.Read(Fixture("geos-chem-pr2072-14.3-carbon.log"), "pr 2072");

        Assert.Equal(10, timing.Timers.Count);
        Assert.Equal(603.797, timing.Timers.Single(t => t.Name == "HEMCO").Seconds);
        Assert.Equal(43.594, timing.Timers.Last().Seconds);
        Assert.Contains(timing.Warnings, w => w.Contains("'Dry depo'", StringComparison.Ordinal));
    }

    [Fact]
    public void MaplProfilerRowsFromAllPEsLogGiveMinMeanAndMaxOverRanks()
    {
        var timing = RunTimingReader.Read(Fixture("gchp-issue511-14.7-allPEs.log"), "allPEs.log");

        Assert.Equal(("GCHP", "MAPL profiler"), (timing.Model, timing.Format));
        var gchp = timing.Timers[0];
        Assert.Equal(("GCHP", 0, 18661.14, 16219.31, 20589.21, 8931L), (gchp.Name, gchp.Depth, gchp.Seconds!.Value, gchp.MinSeconds!.Value, gchp.MaxSeconds!.Value, gchp.Cycles!.Value));
        Assert.Equal("GCHP.SetService.generic", timing.Timers[2].Name);
        Assert.Equal(20589.21, timing.WallSeconds);
        Assert.Equal(3, timing.Timers.Count);
        Assert.Contains(timing.Warnings, w => w.Contains("truncated", StringComparison.Ordinal));
    }

    [Fact]
    public void OurReproductionOfMaplsRowLayoutMatchesTheRealRowsByteForByte()
    {
        var real = Fixture("gchp-issue511-14.7-allPEs.log").Split('\n').Where(l => l.Contains("|     ", StringComparison.Ordinal)).ToList();
        Assert.Equal(real[0].TrimEnd(), Prefix + MaplRow("GCHP", 0, (0, 16219.31, 0.02), (0, 18661.14, 0.02), (0, 20589.21, 0.02), 10, 24, 8931));
        Assert.Equal(real[1].TrimEnd(), Prefix + MaplRow("SetService", 1, (0.01, 2.19, 2.17), (0.01, 2.26, 2.22), (0.01, 3.07, 3.04), 56, 47, 1));
    }

    [Fact]
    public void AWholeGchpRunIsReadFromComponentTablesRankZerosReportAndTheDatesItPrinted()
    {
        var lines = new List<string>
        {
            " CAP: INFO: Read CAP restart properly, Current Date =   2019/07/01",
            " CAP: INFO:                            Current Time =   00:00:00",
            " GCHP Date: 2019/07/01  Time: 00:10:00  Throughput(days/day)[Avg Tot Run]:        122.4        121.9        130.2  TimeRemaining(Est) 001:02:03   22.1% :  18.0% Mem Comm:Used  Wallclock: 2025/09/04 10:00",
            "---> DATE: 2019/07/01  GMT: 00:20  X-HRS:       0.333",
            " GCHP Date: 2019/07/08  Time: 00:00:00  Throughput(days/day)[Avg Tot Run]:        140.0        139.2        150.1  TimeRemaining(Est) 000:00:00   22.3% :  18.1% Mem Comm:Used  Wallclock: 2025/09/04 11:12",
            Prefix,
            Prefix + "Times for component <GCHPchem>",
            Prefix + "                                        Min                            Mean                           Max                     PE         # cycles",
            Prefix + "Name                          %    inclusive  exclusive      %    inclusive  exclusive      %    inclusive  exclusive     max    min",
            Prefix + MaplRow("GCHPchem", 0, (0.01, 3000.5, 1.0), (0.01, 3100.25, 1.5), (0.02, 3300.75, 2.0), 5, 7, 1009),
            Prefix + MaplRow("Run", 1, (0.00, 2900.0, 0.5), (0.00, 3000.0, 0.7), (0.00, 3200.0, 0.9), 5, 7, 1008),
            Prefix + MaplRow("GC_CHEM", 2, (40.0, 1500.0, 1500.0), (45.0, 1600.0, 1600.0), (50.0, 1700.0, 1700.0), 3, 9, 504),
            Prefix + MaplRow("GC_CONV", 2, (5.0, 150.0, 150.0), (6.0, 160.0, 160.0), (7.0, 170.0, 170.0), 3, 9, 1008),
            Prefix + MaplRow("Finalize", 1, (0.0, 9.0, 9.0), (0.0, 10.0, 10.0), (0.0, 11.0, 11.0), 1, 2, 1),
            Prefix,
            Prefix + "Report on process: 0",
            Prefix + "Name                                               #-cycles  Inclusive          Exclusive",
            Prefix + "GCHP                                                      1  4444.125 100.00    0.010   0.00",
            Prefix + "--GCHPchem                                             1009  3100.250  69.76   12.000   0.27",
        };
        var timing = RunTimingReader.Read(string.Join('\n', lines), "allPEs.log");

        Assert.Equal(4444.125, timing.WallSeconds); // rank 0's whole run
        Assert.Equal(1600.0, timing.Timers.Single(t => t.Name == "GCHPchem.Run.GC_CHEM").Seconds);
        Assert.Equal(10.0, timing.Timers.Single(t => t.Name == "GCHPchem.Finalize").Seconds);
        Assert.Equal(3100.25, timing.Timers.Single(t => t.Name == "rank0.GCHP.GCHPchem").Seconds);
        Assert.Equal(7.0, timing.Period.Days!.Value, 3);
        Assert.Empty(timing.Warnings);
    }

    [Fact]
    public void TheSimulatedPeriodOfAGcclassicRunComesFromItsConfiguredTimesAndTheDatesItPrinted()
    {
        var header = new[]
        {
            "===> Mode of operation         : GEOS-Chem \"Classic\"",
            "===> GEOS-Chem version         : 14.7.0",
            "Start time of run           : 20190701 000000",
            "End time of run             : 20190801 000000",
        };
        var progress = Enumerable.Range(0, 10).Select(d => $"---> DATE: {new DateTime(2019, 7, 1).AddDays(d):yyyy'/'MM'/'dd}  UTC: 00:00");
        var stopped = RunTimingReader.Read(string.Join('\n', header.Concat(progress).Append(Fixture("gcclassic-14.7.0.timers.log"))), "log");
        Assert.Equal("14.7.0", stopped.Version);
        Assert.Equal(9.0, stopped.Period.Days);
        Assert.False(stopped.Period.Finished);

        var finished = RunTimingReader.Read(string.Join('\n', header.Concat(progress).Append(Fixture("gcclassic-14.7.0.timers.log"))
            .Append("**************   " + LogFacts.ClassicEndBanner + "   **************")), "log");
        Assert.True(finished.Period.Finished);
        Assert.Equal(31.0, finished.Period.Days);
        Assert.DoesNotContain(finished.Warnings, w => w.Contains("closing banner", StringComparison.Ordinal));
    }

    [SkippableFact]
    public void TheRealDryRunLogSaysWhatItIsAndWhyItHasNoTimers()
    {
        var log = Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "geoschem", "dryruns", "gc_4x5_merra2_fullchem.log.dryrun"));
        Skip.IfNot(File.Exists(log), $"needs GEOS-Chem's real dry-run log at {log} (the shared GEOS-Chem material)");
        var error = Assert.Throws<GcException>(() => RunTimingReader.Read(File.ReadAllText(log), "gc_4x5_merra2_fullchem.log.dryrun"));
        Assert.Equal(("GcRunTimingNotFound", GcErrorKind.ObjectNotFound), (error.ErrorId, error.Kind));
        Assert.Contains("use_gcclassic_timers: true", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("just some text\nwith two lines")]
    [InlineData("{\n    \"GEOS-Chem Classic timers\":\n    {\n")]
    public void TextWithoutTimersIsAClearError(string text)
    {
        var error = Assert.Throws<GcException>(() => RunTimingReader.Read(text, "x.log"));
        Assert.StartsWith("GcRunTiming", error.ErrorId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.Fix));
    }

    private const string Prefix = "0000: MAPL.profiler: INFO: ";

    /// <summary>A row as MAPL_Generic.F90's report_generic_profile lays it out (name a25; f6.2 f10.2 f10.2 thrice; 1x,i5.5 twice; i8).</summary>
    private static string MaplRow(string name, int depth, (double Pct, double Incl, double Excl) min, (double Pct, double Incl, double Excl) mean,
        (double Pct, double Incl, double Excl) max, int pemax, int pemin, long cycles)
    {
        static string Stats((double Pct, double Incl, double Excl) s) =>
            string.Create(CultureInfo.InvariantCulture, $" {s.Pct,6:F2} {s.Incl,10:F2} {s.Excl,10:F2} |");
        return (new string('-', 2 * depth) + name).PadRight(25) + " |" + Stats(min) + Stats(mean) + Stats(max)
            + string.Create(CultureInfo.InvariantCulture, $"  {pemax:D5}  {pemin:D5} | {cycles,8}");
    }

    private static string RepositoryRoot
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeosChem.PowerShell.sln"))) dir = dir.Parent;
            return dir?.FullName ?? AppContext.BaseDirectory;
        }
    }
}
