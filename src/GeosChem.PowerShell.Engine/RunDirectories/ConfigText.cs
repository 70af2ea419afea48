using System.Text.RegularExpressions;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// Readers for the three text formats a GEOS-Chem run directory keeps its settings in: geoschem_config.yml (YAML, read
/// here by indentation into dotted keys, enough for GEOS-Chem's own layout), bash assignments (setCommonRunSettings.sh,
/// rundir_vars.txt) and MAPL/HEMCO "key: value" resource files (HISTORY.rc, GCHP.rc).
/// </summary>
internal static partial class ConfigText
{
    /// <summary>Dotted key (simulation.start_date) to raw value, comments and quotes removed; nested maps have no value.</summary>
    public static Dictionary<string, string> ReadYaml(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var stack = new List<(int Indent, string Key)>();
        foreach (var raw in text.Split('\n'))
        {
            var line = StripComment(raw).TrimEnd();
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith("---", StringComparison.Ordinal) || line.TrimStart().StartsWith('-')) continue;
            var match = YamlKey().Match(line);
            if (!match.Success) continue;
            var indent = match.Groups[1].Value.Length;
            while (stack.Count > 0 && stack[^1].Indent >= indent) stack.RemoveAt(stack.Count - 1);
            var key = match.Groups[2].Value;
            stack.Add((indent, key));
            var value = Unquote(match.Groups[3].Value.Trim());
            if (value.Length > 0) values[string.Join('.', stack.Select(s => s.Key))] = value;
        }
        return values;
    }

    /// <summary>NAME=value lines of a bash script (first assignment wins), quotes removed.</summary>
    public static Dictionary<string, string> ReadShellAssignments(string text)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var match = ShellAssignment().Match(raw.TrimEnd('\r'));
            if (match.Success) values.TryAdd(match.Groups[1].Value, Unquote(StripComment(match.Groups[2].Value).Trim()).Trim());
        }
        return values;
    }

    /// <summary>The value of the first uncommented "key: value" line (HISTORY.rc, GCHP.rc, CAP.rc), or null.</summary>
    public static string? ReadResource(string text, string key)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || !line.StartsWith(key + ":", StringComparison.Ordinal)) continue;
            return Unquote(StripComment(line[(key.Length + 1)..]).Trim().TrimEnd(',')).Trim();
        }
        return null;
    }

    /// <summary>GEOS-Chem's [YYYYMMDD, hhmmss] (or "YYYYMMDD hhmmss") as a UTC DateTime.</summary>
    public static DateTime? ParseGcTime(string? value)
    {
        if (value is null) return null;
        var match = GcTime().Match(value);
        if (!match.Success) return null;
        var date = match.Groups[1].Value;
        var time = match.Groups[2].Value.PadLeft(6, '0');
        try
        {
            return new DateTime(int.Parse(date[..4]), int.Parse(date[4..6]), int.Parse(date[6..8]),
                int.Parse(time[..2]), int.Parse(time[2..4]), int.Parse(time[4..6]), DateTimeKind.Utc);
        }
        catch (ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    /// <summary>Adds a GEOS-Chem/MAPL duration "YYYYMMDD hhmmss" (years, months, days; hours, minutes, seconds) to a time.</summary>
    public static DateTime? AddGcDuration(DateTime start, string? duration)
    {
        var match = duration is null ? Match.Empty : GcDuration().Match(duration);
        if (!match.Success) return null;
        var ymd = match.Groups[1].Value;
        var hms = match.Groups[2].Value.PadLeft(6, '0');
        return start.AddYears(int.Parse(ymd[..4])).AddMonths(int.Parse(ymd[4..6])).AddDays(int.Parse(ymd[6..8]))
            .AddHours(int.Parse(hms[..^4])).AddMinutes(int.Parse(hms[^4..^2])).AddSeconds(int.Parse(hms[^2..]));
    }

    private static string StripComment(string line)
    {
        var inSingle = false;
        var inDouble = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\'' && !inDouble) inSingle = !inSingle;
            else if (c == '"' && !inSingle) inDouble = !inDouble;
            else if (c == '#' && !inSingle && !inDouble && (i == 0 || char.IsWhiteSpace(line[i - 1]))) return line[..i];
        }
        return line;
    }

    private static string Unquote(string value) =>
        value.Length >= 2 && (value[0] == '\'' && value[^1] == '\'' || value[0] == '"' && value[^1] == '"') ? value[1..^1] : value;

    [GeneratedRegex(@"^(\s*)([A-Za-z0-9_.\-]+):(?:\s+(.*))?$")]
    private static partial Regex YamlKey();

    [GeneratedRegex(@"^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$")]
    private static partial Regex ShellAssignment();

    [GeneratedRegex(@"(\d{8})\D+(\d{1,6})")]
    private static partial Regex GcTime();

    [GeneratedRegex(@"^\s*(\d{8})\s+(\d{6,})\s*$")]
    private static partial Regex GcDuration();
}
