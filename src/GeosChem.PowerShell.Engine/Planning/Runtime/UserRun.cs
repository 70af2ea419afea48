namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>
/// One run the user measured and added with Add-GcCalibrationRun, as the per-user calibration file keeps it: the plan,
/// the hardware, GEOS-Chem's own total and (where the log had them) its component timers, and our estimate at the time.
/// </summary>
internal sealed record UserRun(
    int Id, string JobId, DateTime RecordedUtc, string Model, string Version, string Simulation, string Option, string Resolution,
    string InstanceType, string Architecture, int Nodes, int CoresPerNode, double WallSeconds, double SimulatedDays, double? EstimatedSeconds,
    double InputSeconds, double ChemistrySeconds, double TransportSeconds, string LogPath)
{
    /// <summary>The user's runs are one source in the evidence: one machine, one build, one person.</summary>
    public const string SourceGroup = "your runs";

    /// <summary>
    /// The run in the shipped evidence's terms. arm64 runs are kept but only checked, never fitted, as in the shipped
    /// evidence: the model has no arm64 term, so an arm64 run would bend the x86 terms instead of teaching anything.
    /// </summary>
    public CalibrationRun ToCalibrationRun(GeosChemDomain domain, InstanceCatalog catalog, int sourceRow, string sourceGroup = SourceGroup)
    {
        var (spec, simulation, grid) = domain.Resolve(Model, Simulation, Resolution, Option is "" or "standard" ? null : Option);
        var (transportStep, _) = domain.StepsFor(spec, grid, Option is "" ? "standard" : Option);
        var instance = catalog.Find(InstanceType);
        var network = Nodes == 1 ? "single" : instance?.EfaSupported == true ? "efa" : "tcp";
        var arm = Architecture == "arm64";
        return new CalibrationRun(sourceRow, sourceGroup, spec.Name, Version, simulation, Option is "" ? "standard" : Option, grid.Name, transportStep,
            SimulatedDays, InstanceType, "", 0, Nodes, CoresPerNode, network, WallSeconds, InputSeconds, ChemistrySeconds, TransportSeconds,
            arm ? "check" : "fit", (arm ? "arm64: reported beside the fit, never fitted; " : "") + $"measured by the user{(JobId.Length > 0 ? $", job {JobId}" : "")}")
        {
            Weight = UserCalibration.Weight,
        };
    }
}
