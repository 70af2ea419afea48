using System.Globalization;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// The files GCHP's ExtData reads for a period, from ExtData.rc's PrimaryExports, resolved as MAPL's ExtData (v1, the one
/// GCHP 14 uses: CAP.rc has USE_EXTDATA2G: .FALSE.) resolves them (GEOS-ESM/MAPL gridcomps/ExtData/ExtDataGridCompMod.F90):
/// - an entry is read only when a component imports it: a HEMCO container that HEMCO_Config.rc leaves on (HemcoImports),
///   or a name HEMCO does not define (the meteorology, land map and other imports of GCHP's own components);
/// - "/dev/null" entries are constants (nothing read); a refresh template of "-" reads the one file once;
/// - otherwise at each step the update time is the model time, shifted by the offset of a "0;hhmmss" refresh template,
///   or the model time with the fixed fields of a "YYYY-MM-DDThh:mm:ss" refresh template put in (timestamp_); an "F"
///   prefix only turns interpolation off. A numeric climatology year replaces the year (OffsetTimeYear);
/// - the file is the template filled with the start of the file period that holds the update time, the period being
///   the last token of the template (%y4 a year, %m2 a month, %d2 a day, %h2 an hour, %n2 a minute: CreateTimeInterval).
/// ExtData reads a left and a right bracket at every update. Which record (and so which file) the right bracket needs
/// depends on the times inside the files, which are not here; the update at the run's end time stands in for the last
/// right bracket (the first record of the next file, for a run ending at a file boundary). Steps are hourly, which gives
/// the same files as the model's heartbeat for every template whose last token is an hour or longer.
/// </summary>
internal static class ExtDataInputs
{
    public sealed record Entry(string Name, string Climatology, string Refresh, string Template);

    /// <summary>The PrimaryExports entries of an ExtData.rc (name, climatology, refresh template, file template).</summary>
    public static List<Entry> ReadEntries(string extDataText)
    {
        var entries = new List<Entry>();
        var inPrimary = false;
        foreach (var raw in extDataText.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Trim();
            if (line.StartsWith("PrimaryExports%%", StringComparison.Ordinal)) { inPrimary = true; continue; }
            if (line.StartsWith("%%", StringComparison.Ordinal) || line.EndsWith("%%", StringComparison.Ordinal)) { inPrimary = false; continue; }
            if (!inPrimary || line.Length == 0 || line.StartsWith('#')) continue;
            var fields = line.Split('#')[0].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length < 9) continue;
            entries.Add(new Entry(fields[0], fields[2], fields[4], fields[8]));
        }
        return entries;
    }

    /// <summary>
    /// The run-directory paths (as ExtData.rc writes them, ./MetDir/2019/07/...) the entries read from start to end,
    /// sorted and distinct.
    /// </summary>
    public static SortedSet<string> FilesFor(IEnumerable<Entry> entries, HemcoImports hemco, DateTime start, DateTime end) =>
        new(WindowsFor(entries, hemco, start, end).Keys, StringComparer.Ordinal);

    /// <summary>
    /// The same files, each with the first and last model time (of the hourly steps and the end) at which it is read;
    /// null for a file read throughout (one without a date in its name). So a segment of the run reads exactly the files
    /// whose window meets its own period: the steps of a segment starting on the hour are the run's steps within it.
    /// </summary>
    public static SortedDictionary<string, (DateTime First, DateTime Last)?> WindowsFor(IEnumerable<Entry> entries, HemcoImports hemco, DateTime start, DateTime end)
    {
        var files = new SortedDictionary<string, (DateTime First, DateTime Last)?>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (hemco.Defined.Contains(entry.Name) && !hemco.Imported.Contains(entry.Name)) continue;
            if (entry.Template.StartsWith("/dev/null", StringComparison.Ordinal)) continue;
            if (entry.Refresh == "-" || !entry.Template.Contains('%'))
            {
                files[entry.Template] = null;
                continue;
            }
            var period = LastToken(entry.Template);
            for (var time = start; ; time = time.AddHours(1))
            {
                var at = time > end ? end : time;
                var file = Fill(entry.Template, PeriodStart(UpdateTime(entry, at), period));
                if (!files.TryGetValue(file, out var window)) files[file] = (at, at);
                else if (window is { } known) files[file] = (known.First < at ? known.First : at, known.Last > at ? known.Last : at);
                if (at == end) break;
            }
        }
        return files;
    }

    internal static DateTime UpdateTime(Entry entry, DateTime time)
    {
        var refresh = entry.Refresh.StartsWith('F') ? entry.Refresh[1..] : entry.Refresh;
        DateTime update;
        if (refresh == "0" || refresh.StartsWith("0;", StringComparison.Ordinal)) update = time + Shift(refresh);
        else if (refresh.Contains('T') && !refresh.Contains('P')) update = Stamp(time, refresh);
        else update = time;
        return int.TryParse(entry.Climatology, NumberStyles.None, CultureInfo.InvariantCulture, out var year) && year is > 0 and <= 3000
            ? update.AddYears(year - update.Year)
            : update;
    }

    /// <summary>"0;013000" is 1 h 30 min later; "0;-001000" 10 min earlier.</summary>
    private static TimeSpan Shift(string refresh)
    {
        var semicolon = refresh.IndexOf(';');
        if (semicolon < 0) return TimeSpan.Zero;
        var text = refresh[(semicolon + 1)..];
        var negative = text.StartsWith('-');
        var digits = text.TrimStart('-').PadLeft(6, '0');
        var shift = new TimeSpan(int.Parse(digits[..^4], CultureInfo.InvariantCulture), int.Parse(digits[^4..^2], CultureInfo.InvariantCulture), int.Parse(digits[^2..], CultureInfo.InvariantCulture));
        return negative ? -shift : shift;
    }

    /// <summary>MAPL's timestamp_: the fields of "%y4-%m2-01T00:00:00" that are numbers replace those of the time.</summary>
    private static DateTime Stamp(DateTime time, string template)
    {
        var t = template.ToLowerInvariant().TrimEnd('z');
        var (date, clock) = (t[..t.IndexOf('t')], t[(t.IndexOf('t') + 1)..]);
        var d = date.Split('-');
        var c = clock.Split(':');
        int Field(string text, int current) => text.Contains('%') || !int.TryParse(text, CultureInfo.InvariantCulture, out var v) ? current : v;
        var year = Field(d[0], time.Year);
        var month = Field(d.Length > 1 ? d[1] : "%", time.Month);
        var day = Math.Min(Field(d.Length > 2 ? d[2] : "%", time.Day), DateTime.DaysInMonth(year, month));
        return new DateTime(year, month, day, Field(c[0], time.Hour), Field(c.Length > 1 ? c[1] : "%", time.Minute), Field(c.Length > 2 ? c[2] : "%", time.Second), DateTimeKind.Utc);
    }

    private static string LastToken(string template)
    {
        var at = template.LastIndexOf('%');
        return at >= 0 && at + 3 <= template.Length ? template.Substring(at + 1, 2) : "";
    }

    private static DateTime PeriodStart(DateTime time, string token) => token switch
    {
        "y4" or "y2" => new DateTime(time.Year, 1, 1, 0, 0, 0, DateTimeKind.Utc),
        "m2" => new DateTime(time.Year, time.Month, 1, 0, 0, 0, DateTimeKind.Utc),
        "d2" => time.Date,
        "h2" => time.Date.AddHours(time.Hour),
        _ => time.Date.AddHours(time.Hour).AddMinutes(time.Minute),
    };

    /// <summary>GrADS-style template tokens as MAPL fills them (fill_grads_template): %y4 %y2 %m2 %d2 %h2 %n2.</summary>
    internal static string Fill(string template, DateTime time) => template
        .Replace("%y4", time.Year.ToString("0000", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%y2", (time.Year % 100).ToString("00", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%m2", time.Month.ToString("00", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%d2", time.Day.ToString("00", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%h2", time.Hour.ToString("00", CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("%n2", time.Minute.ToString("00", CultureInfo.InvariantCulture), StringComparison.Ordinal);

    /// <summary>
    /// The files as inputs under the data root: ./ChemDir, ./HcoDir and ./MetDir are replaced by where their links point
    /// (or, for a copy that lost its links, where createRunDir.sh points them under the run's data root). Paths outside
    /// those links (files the run writes itself, such as ./DynHeating) are returned in <paramref name="outside"/>.
    /// </summary>
    public static List<GcInputFile> AsInputs(IEnumerable<string> runPaths, IReadOnlyDictionary<string, string> linkTargets, string dataRoot, List<string> outside)
    {
        var inputs = new List<GcInputFile>();
        foreach (var runPath in runPaths)
        {
            var parts = runPath.StartsWith("./", StringComparison.Ordinal) ? runPath[2..].Split('/', 2) : [];
            if (parts.Length == 2 && linkTargets.TryGetValue(parts[0], out var target) && target.StartsWith(dataRoot + "/", StringComparison.Ordinal))
            {
                var relative = $"{target[(dataRoot.Length + 1)..].TrimEnd('/')}/{parts[1]}";
                inputs.Add(new GcInputFile { RelativePath = relative, S3Uri = $"{DryRunLog.PublicBucket}/{relative}", RunPath = runPath, Kind = "Input" });
            }
            else
            {
                outside.Add(runPath);
            }
        }
        return inputs;
    }
}
