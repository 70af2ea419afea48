using System.Globalization;
using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.Timing;

/// <summary>
/// Reads gcclassic_timers.json (GEOS-Chem 13.4 and later; GeosUtil/timers_mod.F90, Timer_PrintHeaders and
/// Timer_TimePrint_JSON). Read line by line in GEOS-Chem's fixed layout rather than as JSON: GEOS-Chem writes it
/// with a trailing comma when the last timer did not run, and an overflowed total as unquoted asterisks, and
/// neither is valid JSON. Timers that did not run are left out of the file by GEOS-Chem.
/// </summary>
internal static partial class ClassicTimerJson
{
    private const string Section = "\"GEOS-Chem Classic timers\":";

    public static bool LooksLikeTimerJson(string text) =>
        text.TrimStart().StartsWith('{') && text.Contains(Section, StringComparison.Ordinal);

    public static IReadOnlyList<TimerReading> Read(IReadOnlyList<string> lines, List<string> warnings)
    {
        var timers = new List<TimerReading>();
        string? name = null;
        var inSection = false;
        foreach (var raw in lines)
        {
            var line = raw.Trim();
            if (line == Section) { inSection = true; continue; }
            if (!inSection) continue;
            if (TimerName().Match(line) is { Success: true } n) { name = n.Groups[1].Value; continue; }
            if (name is null || Seconds().Match(line) is not { Success: true } s) continue;
            var printed = s.Groups[1].Value;
            timers.Add(double.TryParse(printed, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                ? new TimerReading(name.Trim(), ClassicTimerBlock.Depth(name), seconds)
                : new TimerReading(name.Trim(), ClassicTimerBlock.Depth(name), null, Note: "GEOS-Chem's print format overflowed (asterisks in the file)"));
            name = null;
        }
        if (name is not null) warnings.Add($"gcclassic_timers.json ends inside timer '{name}': the file looks truncated.");
        return timers;
    }

    [GeneratedRegex("^\"([^\"]+)\":$")]
    private static partial Regex TimerName();

    [GeneratedRegex("^\"seconds\":\\s*(\\S+)$")]
    private static partial Regex Seconds();
}
