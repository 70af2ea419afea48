using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Stores a measured run in the user's calibration file; later estimates fit on the shipped evidence plus these runs.
/// Binds GcBenchmarkResult objects by property name, and GcRunTiming objects with the hardware given as parameters.
/// </summary>
[Cmdlet(VerbsCommon.Add, "GcCalibrationRun", SupportsShouldProcess = true)]
[OutputType(typeof(GcCalibrationRun))]
public sealed class AddGcCalibrationRunCommand : GcCmdlet
{
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string Model { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SimulationCompleter))]
    public string Simulation { get; set; } = "";

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ResolutionCompleter))]
    public string Resolution { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(OptionCompleter))]
    public string? Option { get; set; }

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string InstanceType { get; set; } = "";

    /// <summary>Checked against the instance type's own architecture when given.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateSet("x86_64", "arm64")]
    public string? Architecture { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int NodeCount { get; set; } = 1;

    /// <summary>Threads (GCClassic) or ranks (GCHP) per node; default as in the estimates: every vCPU (GCClassic), the largest multiple of 6 within the physical cores (GCHP).</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Cores")]
    public int? CoresPerNode { get; set; }

    /// <summary>GEOS-Chem's own total timer, in seconds.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public double? WallSeconds { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Days")]
    public double? SimulatedDays { get; set; }

    /// <summary>The estimate made before the run; when absent, the current model's estimate is recorded.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public double? EstimatedSeconds { get; set; }

    /// <summary>The Batch job id: a run with a job id already in the file is not added again.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? JobId { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Version { get; set; }

    /// <summary>The log the timing came from (a GcRunTiming's Path): identifies a run that has no job id.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("Path")]
    public string? LogPath { get; set; }

    [Parameter]
    public string? ConfigurationPath { get; set; }

    private CalibrationFile _file = null!;
    private List<UserRun> _runs = [];
    private CostEstimator? _before;

    protected override void BeginProcessing()
    {
        _file = new CalibrationFile(this, ConfigurationPath);
        _runs = [.. _file.Load()];
    }

    protected override void ProcessRecord()
    {
        UserRun run;
        try
        {
            var measured = new MeasuredRun(Model, Simulation, Resolution, Option, InstanceType, Architecture, NodeCount, CoresPerNode, WallSeconds,
                SimulatedDays, EstimatedSeconds, JobId, Version, LogPath);
            run = CalibrationBook.Check(measured, CalibrationBook.NextId(_runs), DateTime.UtcNow, GeosChemDomain.Default, InstanceCatalog.Default);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, target: JobId ?? LogPath ?? InstanceType);
            return;
        }
        if (CalibrationBook.DuplicateOf(run, _runs) is { } stored)
        {
            WriteWarning($"Run {stored.Id} in {_file.Path} is already {(run.JobId.Length > 0 ? $"job {run.JobId}" : run.LogPath)}: not added twice.");
            return;
        }
        var what = $"{run.Model} {run.Simulation} {run.Resolution} on {run.Nodes} x {run.InstanceType}, {run.WallSeconds:0} s for {run.SimulatedDays:0.##} days{(run.JobId.Length > 0 ? $" (job {run.JobId})" : "")}";
        if (!ShouldProcess(_file.Path, $"Add calibration run {what}")) return;
        // The model as it stood before this pipeline (one refit at most, not one per added run).
        if (run.EstimatedSeconds is null) run = run with { EstimatedSeconds = CalibrationBook.Estimate(_before ??= _file.Planner().Estimator, run) };
        _runs.Add(run);
        _file.Save(_runs);
        var added = CalibrationBook.ToModel(run, _file.Path, GeosChemDomain.Default, InstanceCatalog.Default);
        if (!added.Fitted) WriteWarning($"Run {run.Id} is arm64: kept and reported, but not fitted (the runtime model has no arm64 term yet).");
        WriteObject(added);
    }
}
