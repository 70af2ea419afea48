using System.Globalization;
using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.Timing;

/// <summary>
/// What a GEOS-Chem log says about the run besides its timers: which model and version, the configured period
/// ("Start time of run" / "End time of run", printed by GCClassic's input reader), the simulated dates it printed
/// as it went (GeosUtil/time_mod.F90 PRINT_CURRENT_TIME "---> DATE: YYYY/MM/DD  UTC: hh:mm"; GCHP's
/// Chem_GridCompMod.F90 "---> DATE: ...  GMT: hh:mm  X-HRS: ..."; MAPL's cap " GCHP Date: YYYY/MM/DD  Time: hh:mm:ss"),
/// GCHP's start as MAPL's cap reads it from cap_restart ("Read CAP restart properly, Current Date = YYYY/MM/DD" and
/// "Current Time = hh:mm:ss", gridcomps/Cap/MAPL_CapGridComp.F90), and whether it reached GCClassic's closing banner.
/// </summary>
internal static partial class LogFacts
{
    public const string ClassicEndBanner = "E N D   O F   G E O S -- C H E M";

    public static string? Version(IReadOnlyList<string> lines) =>
        lines.Select(l => VersionLine().Match(l)).FirstOrDefault(m => m.Success)?.Groups[1].Value;

    public static bool SaysClassic(IReadOnlyList<string> lines) =>
        lines.Any(l => l.StartsWith("===> Mode of operation", StringComparison.Ordinal) && l.Contains("Classic", StringComparison.Ordinal));

    public static bool SaysGchp(IReadOnlyList<string> lines) =>
        lines.Any(l => l.Contains("GMT: ", StringComparison.Ordinal) && l.Contains("X-HRS:", StringComparison.Ordinal)
            || CapDate().IsMatch(l) || l.Contains("MAPL.profiler", StringComparison.Ordinal) || l.Contains("Times for component <GCHP", StringComparison.Ordinal));

    public static SimulatedPeriod Period(IReadOnlyList<string> lines)
    {
        DateTime? start = null, end = null, first = null, last = null;
        string? capDate = null;
        var finished = false;
        foreach (var line in lines)
        {
            if (CapRestartDate().Match(line) is { Success: true } cd) { capDate = cd.Groups[1].Value; continue; }
            if (capDate is not null && CapRestartTime().Match(line) is { Success: true } ct)
            {
                start ??= Slashed(capDate, ct.Groups[1].Value);
                capDate = null;
                continue;
            }
            if (ConfiguredTime().Match(line) is { Success: true, Groups: var configured })
            {
                var when = Compact(configured[2].Value, configured[3].Value);
                if (configured[1].Value == "Start") start ??= when;
                else end ??= when;
            }
            else if (ProgressDate().Match(line) is { Success: true } p) Seen(Slashed(p.Groups[1].Value, p.Groups[2].Value + ":00"));
            else if (CapDate().Match(line) is { Success: true } c) Seen(Slashed(c.Groups[1].Value, c.Groups[2].Value));
            else if (line.Contains(ClassicEndBanner, StringComparison.Ordinal)) finished = true;
        }
        return new SimulatedPeriod(start ?? first, end, last, finished && end is not null);

        void Seen(DateTime? when)
        {
            if (when is null) return;
            first ??= when;
            last = when;
        }
    }

    private static DateTime? Compact(string ymd, string hms) =>
        DateTime.TryParseExact(ymd + hms, "yyyyMMddHHmmss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    private static DateTime? Slashed(string ymd, string hms) =>
        DateTime.TryParseExact(ymd + " " + hms, "yyyy/MM/dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var t) ? t : null;

    [GeneratedRegex(@"Read CAP restart properly, Current Date =\s+(\d{4}/\d{2}/\d{2})")]
    private static partial Regex CapRestartDate();

    [GeneratedRegex(@"Current Time =\s+(\d{2}:\d{2}:\d{2})")]
    private static partial Regex CapRestartTime();

    [GeneratedRegex(@"^===> GEOS-Chem version\s*:\s*(\S+)")]
    private static partial Regex VersionLine();

    [GeneratedRegex(@"^(Start|End) time of run\s*:\s*(\d{8})\s+(\d{6})")]
    private static partial Regex ConfiguredTime();

    [GeneratedRegex(@"^---> DATE: (\d{4}/\d{2}/\d{2})\s+(?:UTC|GMT): (\d{2}:\d{2})")]
    private static partial Regex ProgressDate();

    [GeneratedRegex(@"^ \S+ Date: (\d{4}/\d{2}/\d{2})\s+Time: (\d{2}:\d{2}:\d{2})")]
    private static partial Regex CapDate();
}
