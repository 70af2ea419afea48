using System.Globalization;

namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>One published run, as Data/calibration-runs.csv reads a row of Data/geoschem-timings.csv.</summary>
internal sealed record CalibrationRun(
    int SourceRow, string Model, string Version, string Simulation, string Resolution, int TransportStepSeconds, double SimDays,
    string InstanceType, int Nodes, int WorkersPerNode, string Network, double WallSeconds, string Use, string Reason)
{
    public bool UseForFit => Use == "fit";

    /// <summary>GEOS-Chem 14 and later: more species and finer emissions than the 11/12 versions of the older timings.</summary>
    public bool IsCurrentGeneration => int.TryParse(Version.Split('.')[0], out var major) && major >= 14;

    public string Describe() => $"#{SourceRow} {Model} {Simulation} {Resolution} on {Nodes} x {InstanceType} ({Nodes * WorkersPerNode} workers)";

    public static IReadOnlyList<CalibrationRun> LoadEmbedded() => Parse(DataFiles.ReadText("calibration-runs.csv"));

    internal static IReadOnlyList<CalibrationRun> Parse(string csv)
    {
        static int Int(string s) => s.Length == 0 ? 0 : int.Parse(s, CultureInfo.InvariantCulture);
        static double Num(string s) => s.Length == 0 ? 0 : double.Parse(s, CultureInfo.InvariantCulture);
        return Csv.Read(csv).Select(r => new CalibrationRun(
            Int(r["source_row"]), r["model"], r["version"], r["simulation"], r["resolution"], Int(r["transport_step_seconds"]), Num(r["sim_days"]),
            r["instance_type"], Int(r["nodes"]), Int(r["workers_per_node"]), r["network"], Num(r["wall_seconds"]),
            r["use"], r["reason"])).ToList();
    }
}
