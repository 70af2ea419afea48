using System.Text.Json;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.RunDirectories;

/// <summary>
/// Reads the log of `gcclassic --dryrun` the way GEOS-Chem's own download_data.py does: every path on a line with
/// ": OPENING"/": READING" (present) or "FILE NOT FOUND" (absent), doubled slashes made single; the data root is what
/// the log prints as "Data Directory"; the species restart the run looks for in ./Restarts/ comes from
/// GEOSCHEM_RESTARTS as download_data.yml maps the simulation (TOMAS runs have their own).
/// </summary>
internal static partial class DryRunLog
{
    public const string PublicBucket = "s3://geos-chem";

    public static List<GcInputFile> Parse(string logText, IReadOnlyDictionary<string, string>? restartMap = null, string? option = null)
    {
        string? dataRoot = null;
        string? simulation = null;
        var paths = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var raw in logText.Split('\n'))
        {
            var line = raw.TrimEnd('\r').Replace("//", "/");
            var upper = line.ToUpperInvariant();
            if (dataRoot is null && DataDirectory().Match(line) is { Success: true } root) dataRoot = root.Groups[1].Value.Trim().TrimEnd('/');
            else if (simulation is null && SimulationName().Match(line) is { Success: true } sim) simulation = sim.Groups[1].Value.Trim();
            else if (upper.Contains("FILE NOT FOUND", StringComparison.Ordinal) || upper.Contains(": OPENING", StringComparison.Ordinal) || upper.Contains(": READING", StringComparison.Ordinal))
            {
                var path = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)[^1];
                var required = !upper.Contains("OPTIONAL FILE", StringComparison.Ordinal);
                paths[path] = paths.GetValueOrDefault(path) || required;
            }
        }
        if (dataRoot is null)
        {
            var sample = paths.Keys.FirstOrDefault(p => p.Contains("/ExtData/", StringComparison.Ordinal));
            dataRoot = sample?[..(sample.IndexOf("/ExtData/", StringComparison.Ordinal) + "/ExtData".Length)];
        }
        if (dataRoot is null || paths.Count == 0)
        {
            throw new GcException(ErrorIds.DryRunLogUnreadable, GcErrorKind.InvalidData,
                "The log lists no input files: it is not the output of a GEOS-Chem dry run.",
                "Run './gcclassic --dryrun > log.dryrun' in the run directory and give that file.");
        }
        var files = new List<GcInputFile>();
        foreach (var (path, required) in paths)
        {
            if (path.StartsWith(dataRoot + "/", StringComparison.Ordinal))
            {
                files.Add(Input(path[(dataRoot.Length + 1)..], path, required, "Input"));
            }
            else if (RestartInRun().IsMatch(path) && simulation is not null)
            {
                var key = RestartKey(simulation, option, restartMap ?? EmbeddedRestarts.Value);
                if (key is not null) files.Add(Input(key, path, required, "InitialRestart"));
            }
        }
        return files.GroupBy(f => f.RelativePath, StringComparer.Ordinal)
            .Select(g => { var first = g.First(); first.Required = g.Any(f => f.Required); return first; })
            .OrderBy(f => f.RelativePath, StringComparer.Ordinal).ToList();
    }

    /// <summary>The restart map of a run directory's download_data.yml ("restarts" section), keyed as it is: fullchem, mercury, tomas15, ...</summary>
    public static Dictionary<string, string>? ReadRestartMap(string downloadDataYml)
    {
        if (!File.Exists(downloadDataYml)) return null;
        var yaml = ConfigText.ReadYaml(File.ReadAllText(downloadDataYml));
        var root = yaml.GetValueOrDefault("restarts.root", "GEOSCHEM_RESTARTS");
        return yaml.Where(kv => kv.Key.StartsWith("restarts.", StringComparison.Ordinal) && kv.Key.EndsWith(".remote", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key["restarts.".Length..^".remote".Length], kv => $"{root}/{kv.Value}", StringComparer.Ordinal);
    }

    private static string? RestartKey(string simulation, string? option, IReadOnlyDictionary<string, string> map)
    {
        var name = simulation.ToLowerInvariant();
        var key = name switch
        {
            "fullchem" when option is "TOMAS15" or "TOMAS40" => option.ToLowerInvariant(),
            "hg" or "mercury" => "mercury",
            _ => name,
        };
        return map.GetValueOrDefault(key);
    }

    private static GcInputFile Input(string relative, string runPath, bool required, string kind) =>
        new() { RelativePath = relative, S3Uri = $"{PublicBucket}/{relative}", Required = required, Kind = kind, RunPath = runPath };

    private static readonly Lazy<Dictionary<string, string>> EmbeddedRestarts = new(() =>
    {
        using var doc = JsonDocument.Parse(DataFiles.ReadText("geoschem-restarts.json"));
        var root = doc.RootElement.GetProperty("root").GetString();
        return doc.RootElement.GetProperty("restarts").EnumerateObject().ToDictionary(p => p.Name, p => $"{root}/{p.Value.GetString()}", StringComparer.Ordinal);
    });

    [GeneratedRegex(@"^\s*Data Directory\s*:\s*(\S+)")]
    private static partial Regex DataDirectory();

    [GeneratedRegex(@"^\s*Simulation name\s*:\s*(\S+)")]
    private static partial Regex SimulationName();

    [GeneratedRegex(@"(^|/)Restarts/GEOSChem\.Restart\.\d{8}_\d{4}z\.nc4$")]
    private static partial Regex RestartInRun();
}
