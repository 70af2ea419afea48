using System.Globalization;
using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.Timing;

/// <summary>
/// Reads the timing tables GCHP's MAPL prints: per component ("Times for component &lt;X&gt;", MAPL generic/MAPL_Generic.F90,
/// report_generic_profile: minimum, mean and maximum over ranks of inclusive and exclusive seconds) and rank 0's whole-run
/// report ("Report on process: 0", base/ApplicationSupport.F90). Since MAPL 2.59 (GCHP 14.7) they go to allPEs.log, each
/// line behind pFlogger's "NNNN: MAPL.profiler: INFO: "; earlier GCHP versions print them bare in the main log.
/// Timers are named by their path, component first, as GEOS-Chem's gcpy names them ("GCHPchem.Run.GC_CHEM").
/// </summary>
internal static partial class MaplProfilerReport
{
    public static bool HasReport(IReadOnlyList<string> lines) =>
        lines.Any(l => l.Contains("Times for component <", StringComparison.Ordinal) || l.Contains("Report on process:", StringComparison.Ordinal));

    public static (IReadOnlyList<TimerReading> Timers, double? RankZeroSeconds) Read(IReadOnlyList<string> lines, List<string> warnings)
    {
        var timers = new List<TimerReading>();
        double? rankZero = null;
        for (var i = 0; i < lines.Count; i++)
        {
            var line = StripLoggerPrefix(lines[i]);
            if (ComponentTitle().Match(line) is { Success: true } title)
            {
                i = ReadComponentTable(lines, i + 1, title.Groups[1].Value, timers, warnings);
            }
            else if (line.StartsWith("Report on process:", StringComparison.Ordinal))
            {
                i = ReadProcessReport(lines, i + 1, ref rankZero, timers);
            }
        }
        return (timers, rankZero);
    }

    private static int ReadComponentTable(IReadOnlyList<string> lines, int from, string component, List<TimerReading> timers, List<string> warnings)
    {
        var path = new List<string>();
        var i = from;
        for (; i < lines.Count; i++)
        {
            var line = StripLoggerPrefix(lines[i]).TrimEnd();
            if (line.Length == 0) { if (path.Count > 0) break; continue; }
            if (!line.Contains('|')) { if (path.Count > 0) break; continue; } // the column titles
            var cells = line.Split('|');
            if (cells.Length < 6)
            {
                warnings.Add($"The MAPL table for {component} ends in an incomplete line ('{line.Trim()}'): the log looks truncated.");
                break;
            }
            var (name, depth) = Named(cells[0]);
            Track(path, depth, name);
            var min = Numbers(cells[1]);
            var mean = Numbers(cells[2]);
            var max = Numbers(cells[3]);
            long? cycles = long.TryParse(cells[5].Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : null;
            timers.Add(new TimerReading(string.Join('.', path), depth, At(mean, 1), At(min, 1), At(max, 1), At(mean, 2), cycles,
                At(mean, 1) is null ? "MAPL printed no mean for this timer" : null));
        }
        return i;
    }

    private static int ReadProcessReport(IReadOnlyList<string> lines, int from, ref double? rankZero, List<TimerReading> timers)
    {
        var path = new List<string>();
        var i = from;
        for (; i < lines.Count; i++)
        {
            var line = StripLoggerPrefix(lines[i]).TrimEnd();
            var row = ProcessRow().Match(line);
            if (!row.Success)
            {
                if (path.Count > 0 || line.Length == 0 && i > from + 6) break;
                continue; // the column titles
            }
            var (name, depth) = Named(row.Groups["name"].Value);
            Track(path, depth, name);
            var inclusive = Number(row.Groups["incl"].Value);
            if (path.Count == 1 && rankZero is null) rankZero = inclusive;
            timers.Add(new TimerReading("rank0." + string.Join('.', path), depth, inclusive, ExclusiveSeconds: Number(row.Groups["excl"].Value),
                Cycles: long.TryParse(row.Groups["cycles"].Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : null));
        }
        return i;
    }

    private static string StripLoggerPrefix(string line)
    {
        var m = LoggerPrefix().Match(line);
        return m.Success ? line[m.Length..] : line;
    }

    /// <summary>MAPL marks nesting with two dashes per level in front of the name.</summary>
    private static (string Name, int Depth) Named(string cell)
    {
        var text = cell.Trim();
        var dashes = text.Length - text.TrimStart('-').Length;
        return (text.TrimStart('-'), dashes / 2);
    }

    private static void Track(List<string> path, int depth, string name)
    {
        if (path.Count > depth) path.RemoveRange(depth, path.Count - depth);
        while (path.Count < depth) path.Add("?");
        path.Add(name);
    }

    private static double?[] Numbers(string cell) =>
        cell.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(Number).ToArray();

    private static double? Number(string text) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : null;

    private static double? At(double?[] values, int index) => index < values.Length ? values[index] : null;

    [GeneratedRegex(@"^\d{4}: [\w.]+: [A-Z]+: ?")]
    private static partial Regex LoggerPrefix();

    [GeneratedRegex(@"^Times for component <([^>]+)>")]
    private static partial Regex ComponentTitle();

    [GeneratedRegex(@"^(?<name>-*\S.*?)\s+(?<cycles>\d+)\s+(?<incl>[\d.*]+)\s+(?<inclpct>[\d.*]+)\s+(?<excl>[\d.*]+)\s+(?<exclpct>[\d.*]+)$")]
    private static partial Regex ProcessRow();
}
