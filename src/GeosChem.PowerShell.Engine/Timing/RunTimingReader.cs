using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Timing;

/// <summary>Reads GEOS-Chem's own timing output from a GCClassic log, gcclassic_timers.json, a GCHP log or allPEs.log.</summary>
internal static class RunTimingReader
{
    public static RunTiming Read(string text, string source)
    {
        var lines = text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var warnings = new List<string>();

        if (ClassicTimerJson.LooksLikeTimerJson(text))
        {
            var fromJson = ClassicTimerJson.Read(lines, warnings);
            if (fromJson.Count == 0) throw Corrupt(source, "it has GEOS-Chem's timer JSON header but no timer in it");
            return new RunTiming("GCClassic", "gcclassic_timers.json", null, Total(fromJson), SimulatedPeriod.Unknown, fromJson, warnings);
        }

        var period = LogFacts.Period(lines);
        var version = LogFacts.Version(lines);
        if (ClassicTimerBlock.Read(lines, warnings) is { } classic)
        {
            if (!period.Finished) warnings.Add("The log does not reach GEOS-Chem's closing banner: the run may have stopped early.");
            return new RunTiming("GCClassic", "GCClassic log", version, Total(classic), period, classic, warnings);
        }

        if (MaplProfilerReport.HasReport(lines))
        {
            var (timers, rankZero) = MaplProfilerReport.Read(lines, warnings);
            if (timers.Count == 0) throw Corrupt(source, "it has MAPL's timing titles but no timer rows");
            var wall = rankZero ?? timers.FirstOrDefault(t => t.Depth == 0)?.MaxSeconds;
            return new RunTiming("GCHP", "MAPL profiler", version, wall, period, timers, warnings);
        }

        var model = LogFacts.SaysClassic(lines) ? "GCClassic" : LogFacts.SaysGchp(lines) ? "GCHP" : null;
        var why = model switch
        {
            "GCClassic" => "it is a GCClassic log without timers. GEOS-Chem prints them only with 'use_gcclassic_timers: true' in geoschem_config.yml, and only when the run ends.",
            "GCHP" => "it is a GCHP log without MAPL's timing tables. GCHP 14.7 and later (MAPL 2.59) write them to allPEs.log in the run directory.",
            _ => "it is not GEOS-Chem output that carries timers (a GCClassic log, gcclassic_timers.json, a GCHP log or allPEs.log).",
        };
        throw new GcException(ErrorIds.RunTimingNotFound, GcErrorKind.ObjectNotFound, $"No GEOS-Chem timers in {source}: {why}",
            model == "GCClassic" ? "Set use_gcclassic_timers: true and run again, or pass gcclassic_timers.json." :
            model == "GCHP" ? "Pass allPEs.log from the run directory." : "Pass the run's log file.", source);
    }

    private static double? Total(IReadOnlyList<TimerReading> timers) =>
        timers.FirstOrDefault(t => string.Equals(t.Name, "GEOS-Chem", StringComparison.Ordinal))?.Seconds;

    private static GcException Corrupt(string source, string why) =>
        new(ErrorIds.RunTimingCorrupt, GcErrorKind.InvalidData, $"Cannot read the timers in {source}: {why}.",
            "Check that the file is complete (a run that was killed may stop mid-table).", source);
}
