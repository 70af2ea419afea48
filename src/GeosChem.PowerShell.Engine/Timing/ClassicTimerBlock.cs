using System.Globalization;
using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.Timing;

/// <summary>
/// Reads the timer table GEOS-Chem Classic prints at the end of its log (GeosUtil/timers_mod.F90, Timer_PrintAll:
/// the same layout since 12.x). Each row is <c>2x, a30, ':'</c> then <c>DD-hh:mm:ss.SSS</c> and an <c>f14.3</c> total,
/// or one of the two texts for a timer without a time. Fields that overflowed the format print as asterisks.
/// </summary>
internal static partial class ClassicTimerBlock
{
    public const string Banner = "G E O S - C H E M   T I M E R S";
    private const string DidNotRun = ">>>>> THE TIMER DID NOT RUN <<<<<";
    private const string NegativeTime = "Invalid run time - negative value";

    /// <summary>The timers of the last timer table in <paramref name="lines"/>, or null when there is none.</summary>
    public static IReadOnlyList<TimerReading>? Read(IReadOnlyList<string> lines, List<string> warnings)
    {
        var start = LastIndexOf(lines, IsColumnTitles);
        if (start < 0) start = LastIndexOf(lines, l => l.Trim() == Banner);
        if (start < 0) return null;

        var row = start + 1;
        while (row < lines.Count && !lines[row].TrimStart().StartsWith('-')) row++; // to the rule under the column titles
        var timers = new List<TimerReading>();
        for (row++; row < lines.Count; row++)
        {
            var line = lines[row].TrimEnd();
            if (line.Length == 0) break;
            if (ParseRow(line) is { } timer) timers.Add(timer);
            else if (row == lines.Count - 1 || lines.Skip(row + 1).All(string.IsNullOrWhiteSpace))
            {
                warnings.Add($"The timer table ends in an incomplete line ('{line.Trim()}'): the log looks truncated.");
                break;
            }
            else break;
        }
        if (timers.Count == 0) warnings.Add("The log has GEOS-Chem's timer banner but no timer rows.");
        return timers;
    }

    /// <summary>The titles under the banner (a table pasted without its banner still has them).</summary>
    private static bool IsColumnTitles(string line) =>
        line.Contains("Timer name", StringComparison.Ordinal) && line.Contains("DD-hh:mm:ss.SSS", StringComparison.Ordinal);

    private static TimerReading? ParseRow(string line)
    {
        if (line.Length < 34 || !line.StartsWith("  ", StringComparison.Ordinal) || line[32] != ':') return null;
        var printed = line[2..32];
        var name = printed.Trim();
        if (name.Length == 0) return null;
        var depth = Depth(printed);
        var value = line[33..].Trim();
        if (value == DidNotRun) return new TimerReading(name, depth, null, Note: "did not run");
        if (value == NegativeTime) return new TimerReading(name, depth, null, Note: "GEOS-Chem reported a negative time");

        var match = TimedValue().Match(value);
        if (!match.Success) return null;
        if (double.TryParse(match.Groups["seconds"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return new TimerReading(name, depth, seconds);
        }
        return new TimerReading(name, depth, FromDhms(match.Groups["dhms"].Value),
            Note: "GEOS-Chem's print format overflowed (asterisks in the log)");
    }

    /// <summary>"=> X" is one level down, "  -> X" two, an indented name without an arrow three (as GEOS-Chem nests them).</summary>
    internal static int Depth(string printed)
    {
        var indent = printed.Length - printed.TrimStart().Length;
        var rest = printed.TrimStart();
        if (rest.StartsWith("=>", StringComparison.Ordinal) || rest.StartsWith("->", StringComparison.Ordinal)) return indent / 2 + 1;
        return indent == 0 ? 0 : indent / 2 + 1;
    }

    private static double? FromDhms(string dhms)
    {
        var m = Dhms().Match(dhms);
        if (!m.Success) return null;
        return int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) * 86400.0
            + int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture) * 3600.0
            + int.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture) * 60.0
            + int.Parse(m.Groups[4].Value, CultureInfo.InvariantCulture)
            + int.Parse(m.Groups[5].Value, CultureInfo.InvariantCulture) / 1000.0;
    }

    private static int LastIndexOf(IReadOnlyList<string> lines, Func<string, bool> predicate)
    {
        for (var i = lines.Count - 1; i >= 0; i--) if (predicate(lines[i])) return i;
        return -1;
    }

    [GeneratedRegex(@"^(?<dhms>[\d*]{2}-[\d*]{2}:[\d*]{2}:[\d*]{2}\.[\d*]{3})\s+(?<seconds>[\d.*]+)$")]
    private static partial Regex TimedValue();

    [GeneratedRegex(@"^(\d{2})-(\d{2}):(\d{2}):(\d{2})\.(\d{3})$")]
    private static partial Regex Dhms();
}
