using System.Globalization;

namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>
/// One published run, as Data/calibration-runs.csv reads a row of Data/geoschem-timings.csv. Hardware is an EC2 instance
/// type, or (for clusters such as NASA Pleiades or Harvard Cannon) a processor generation and its cores per node.
/// Component seconds come from GEOS-Chem's own timers where the source printed them (0 = not published).
/// </summary>
internal sealed record CalibrationRun(
    int SourceRow, string SourceGroup, string Model, string Version, string Simulation, string Option, string Resolution,
    int TransportStepSeconds, double SimDays, string InstanceType, string Processor, int PhysicalCoresPerNode,
    int Nodes, int WorkersPerNode, string Network, double WallSeconds,
    double InputSeconds, double ChemistrySeconds, double TransportSeconds, string Use, string Reason)
{
    public bool UseForFit => Use == "fit";

    /// <summary>How much the run counts in the fit's loss, against 1 for a published run (see <see cref="UserCalibration.Weight"/>).</summary>
    public double Weight { get; init; } = 1;

    /// <summary>GEOS-Chem 14 and later: more species and finer emissions than the 11/12 versions of the older timings.</summary>
    public bool IsCurrentGeneration => int.TryParse(Version.Split('.')[0], out var major) && major >= 14;

    public string Hardware => InstanceType.Length > 0 ? InstanceType : Processor.Length > 0 ? $"{Processor} node" : "node not stated";

    public string Describe() => $"#{SourceRow} {Model} {Simulation} {Resolution} on {Nodes} x {Hardware} ({Nodes * WorkersPerNode} workers)";

    public static IReadOnlyList<CalibrationRun> LoadEmbedded() => Parse(DataFiles.ReadText("calibration-runs.csv"));

    /// <summary>Reads runs in the shipped layout; measured runs of one's own (issue 13) can be appended in the same layout.</summary>
    internal static IReadOnlyList<CalibrationRun> Parse(string csv)
    {
        static int Int(string s) => s.Length == 0 ? 0 : int.Parse(s, CultureInfo.InvariantCulture);
        static double Num(string s) => s.Length == 0 ? 0 : double.Parse(s, CultureInfo.InvariantCulture);
        return Csv.Read(csv).Select(r => new CalibrationRun(
            Int(r["source_row"]), r["source_group"], r["model"], r["version"], r["simulation"], r["option"], r["resolution"],
            Int(r["transport_step_seconds"]), Num(r["sim_days"]), r["instance_type"], r["processor"], Int(r["physical_cores_per_node"]),
            Int(r["nodes"]), Int(r["workers_per_node"]), r["network"], Num(r["wall_seconds"]),
            Num(r["input_seconds"]), Num(r["chemistry_seconds"]), Num(r["transport_seconds"]), r["use"], r["reason"])).ToList();
    }
}
