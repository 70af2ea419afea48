using System.Globalization;
using System.Text;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// .gc-inputs, uploaded with a GCHP run directory: the files under the data root the run reads (Get-GcInputData's list,
/// one relative path a line, a dated file followed by the model times it is read between) and the period the list was made for, which the entrypoint stages from s3://geos-chem
/// (dockerfiles/entrypoint/lib/data.sh) and refuses to use for a job running outside that period.
/// </summary>
internal static class InputManifest
{
    public const string FileName = ".gc-inputs";

    public static string Write(GcRunDirectory run, IEnumerable<GcInputFile> files)
    {
        var text = new StringBuilder();
        text.Append("# Input files this run reads, relative to the data root (Publish-GcRunDirectory; Get-GcInputData lists the same).\n");
        text.Append(CultureInfo.InvariantCulture, $"# model: {run.Model} {run.Simulation} {run.Resolution}\n");
        text.Append(CultureInfo.InvariantCulture, $"# period: {run.SimulationStart:yyyyMMdd HHmmss} {run.SimulationEnd:yyyyMMdd HHmmss}\n");
        text.Append("# A line with two times (yyyyMMddHHmm, tab-separated) is read only at model times between them; a segment stages the lines its period meets.\n");
        foreach (var group in files.GroupBy(f => f.RelativePath, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            text.Append(group.Key);
            // several entries for one file: read throughout if any is, else over the union of their windows
            if (group.All(f => f.ReadFrom is not null && f.ReadUntil is not null))
            {
                text.Append(CultureInfo.InvariantCulture, $"\t{group.Min(f => f.ReadFrom)!.Value:yyyyMMddHHmm}\t{group.Max(f => f.ReadUntil)!.Value:yyyyMMddHHmm}");
            }
            text.Append('\n');
        }
        return text.ToString();
    }

    /// <summary>The period a list was made for, from its "# period: yyyyMMdd HHmmss yyyyMMdd HHmmss" line; null without one.</summary>
    public static (DateTime Start, DateTime End)? ReadPeriod(string text)
    {
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.TrimEnd('\r');
            if (!trimmed.StartsWith("# period: ", StringComparison.Ordinal)) continue;
            var parts = trimmed["# period: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4
                && DateTime.TryParseExact($"{parts[0]} {parts[1]}", "yyyyMMdd HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
                && DateTime.TryParseExact($"{parts[2]} {parts[3]}", "yyyyMMdd HHmmss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
            {
                return (start, end);
            }
            return null;
        }
        return null;
    }
}
