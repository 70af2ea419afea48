using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Commands;

/// <summary>Drops runs from the user's calibration file (a failed or odd run); the next estimate refits without them.</summary>
[Cmdlet(VerbsCommon.Remove, "GcCalibrationRun", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = "Id")]
[OutputType(typeof(GcCalibrationRun))]
public sealed class RemoveGcCalibrationRunCommand : GcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = "Id")]
    [ArgumentCompleter(typeof(CalibrationRunCompleter))]
    public int[] Id { get; set; } = [];

    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = "JobId")]
    [ArgumentCompleter(typeof(CalibrationRunCompleter))]
    public string[] JobId { get; set; } = [];

    /// <summary>Writes each removed run.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    public string? ConfigurationPath { get; set; }

    private CalibrationFile _file = null!;
    private List<UserRun> _runs = [];

    protected override void BeginProcessing()
    {
        _file = new CalibrationFile(this, ConfigurationPath);
        _runs = [.. _file.Load()];
    }

    protected override void ProcessRecord()
    {
        var wanted = ParameterSetName == "Id"
            ? Id.Select(id => (Key: id.ToString(System.Globalization.CultureInfo.InvariantCulture), Run: _runs.FirstOrDefault(r => r.Id == id)))
            : JobId.Select(job => (Key: job, Run: _runs.FirstOrDefault(r => r.JobId.Length > 0 && r.JobId.Equals(job, StringComparison.OrdinalIgnoreCase))));
        foreach (var (key, run) in wanted.ToList())
        {
            if (run is null)
            {
                WriteItemError(new GcException(ErrorIds.CalibrationRunNotFound, GcErrorKind.ObjectNotFound,
                    $"There is no run {(ParameterSetName == "Id" ? "with id" : "of job")} {key} in {_file.Path}.",
                    "Get-GcCalibrationRun lists your runs with their ids; the shipped evidence cannot be removed.", key), key);
                continue;
            }
            var shown = $"run {run.Id}: {run.Model} {run.Resolution} on {run.Nodes} x {run.InstanceType}, {run.WallSeconds:0} s{(run.JobId.Length > 0 ? $" (job {run.JobId})" : "")}";
            if (!ShouldProcess(_file.Path, $"Remove calibration {shown}")) continue;
            _runs.Remove(run);
            _file.Save(_runs);
            if (PassThru) WriteObject(Planning.CalibrationBook.ToModel(run, _file.Path, Planning.GeosChemDomain.Default, Planning.InstanceCatalog.Default));
        }
    }
}
