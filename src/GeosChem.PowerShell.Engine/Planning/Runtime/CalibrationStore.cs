using System.Globalization;
using System.Text;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>
/// The per-user calibration file (calibration-runs.csv beside config.json): the user's measured runs, one a row.
/// Writes go to a temporary file renamed over the old one, so a crash never leaves half a file.
/// </summary>
internal static class CalibrationStore
{
    public const string FileName = "calibration-runs.csv";

    private static readonly string[] Columns =
    [
        "id", "job_id", "recorded_utc", "model", "version", "simulation", "option", "resolution", "instance_type", "architecture", "nodes",
        "cores_per_node", "wall_seconds", "sim_days", "estimated_seconds", "input_seconds", "chemistry_seconds", "transport_seconds", "log_path",
    ];

    /// <summary>The columns of the shipped Data/calibration-runs.csv, which Export-GcCalibrationRun writes.</summary>
    public static readonly string[] ShippedColumns =
    [
        "source_row", "source_group", "model", "version", "simulation", "option", "resolution", "transport_step_seconds", "sim_days", "instance_type",
        "processor", "physical_cores_per_node", "nodes", "workers_per_node", "network", "wall_seconds", "input_seconds", "chemistry_seconds",
        "transport_seconds", "use", "reason",
    ];

    /// <summary>The file's text, or null when there is none.</summary>
    public static string? ReadText(string path) => File.Exists(path) ? File.ReadAllText(path) : null;

    public static IReadOnlyList<UserRun> Load(string path) => ReadText(path) is { } text ? Parse(text, path) : [];

    public static IReadOnlyList<UserRun> Parse(string text, string path)
    {
        try
        {
            return Csv.Read(text).Select(r => new UserRun(
                int.Parse(r["id"], CultureInfo.InvariantCulture), r["job_id"],
                DateTime.Parse(r["recorded_utc"], CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal),
                r["model"], r["version"], r["simulation"], r["option"], r["resolution"], r["instance_type"], r["architecture"],
                int.Parse(r["nodes"], CultureInfo.InvariantCulture), int.Parse(r["cores_per_node"], CultureInfo.InvariantCulture),
                Num(r["wall_seconds"]), Num(r["sim_days"]), r["estimated_seconds"].Length == 0 ? null : Num(r["estimated_seconds"]),
                Num(r["input_seconds"]), Num(r["chemistry_seconds"]), Num(r["transport_seconds"]), r["log_path"])).ToList();
        }
        catch (Exception ex) when (ex is FormatException or KeyNotFoundException or OverflowException)
        {
            throw new GcException(ErrorIds.CalibrationFileUnreadable, GcErrorKind.InvalidData, $"The calibration file {path} cannot be read: {ex.Message}",
                "Fix the file by hand (its header names the columns) or move it away; Add-GcCalibrationRun starts a new one.", path, ex);
        }
    }

    public static void Save(string path, IReadOnlyList<UserRun> runs)
    {
        var text = new StringBuilder(CsvWriter.Line(Columns)).Append('\n');
        foreach (var r in runs)
        {
            text.Append(CsvWriter.Line(
            [
                Int(r.Id), r.JobId, r.RecordedUtc.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture), r.Model, r.Version,
                r.Simulation, r.Option, r.Resolution, r.InstanceType, r.Architecture, Int(r.Nodes), Int(r.CoresPerNode), Num(r.WallSeconds),
                Num(r.SimulatedDays), r.EstimatedSeconds is { } e ? Num(e) : "", Num(r.InputSeconds), Num(r.ChemistrySeconds), Num(r.TransportSeconds), r.LogPath,
            ])).Append('\n');
        }
        var folder = Path.GetDirectoryName(path)!;
        Directory.CreateDirectory(folder);
        var temporary = Path.Combine(folder, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllText(temporary, text.ToString(), new UTF8Encoding(false));
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>The runs in the shipped layout, numbered from 1, for the project to append to its evidence.</summary>
    public static string ToShippedLayout(IEnumerable<UserRun> runs, GeosChemDomain domain, InstanceCatalog catalog, string sourceGroup)
    {
        var text = new StringBuilder(CsvWriter.Line(ShippedColumns)).Append('\n');
        var row = 0;
        foreach (var run in runs.Select(u => u.ToCalibrationRun(domain, catalog, ++row, sourceGroup)))
        {
            text.Append(CsvWriter.Line(
            [
                Int(run.SourceRow), run.SourceGroup, run.Model, run.Version, run.Simulation, run.Option, run.Resolution, Int(run.TransportStepSeconds),
                Num(run.SimDays), run.InstanceType, run.Processor, run.PhysicalCoresPerNode == 0 ? "" : Int(run.PhysicalCoresPerNode), Int(run.Nodes),
                Int(run.WorkersPerNode), run.Network, Num(run.WallSeconds), Timer(run.InputSeconds), Timer(run.ChemistrySeconds), Timer(run.TransportSeconds),
                run.Use, run.Reason,
            ])).Append('\n');
        }
        return text.ToString();
    }

    private static string Timer(double seconds) => seconds > 0 ? Num(seconds) : "";

    private static string Int(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static double Num(string text) => text.Length == 0 ? 0 : double.Parse(text, CultureInfo.InvariantCulture);
}
