using System.Management.Automation;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Commands;

/// <summary>Lists the runs in the user's calibration file, and with -IncludeShipped the published evidence the module ships.</summary>
[Cmdlet(VerbsCommon.Get, "GcCalibrationRun")]
[OutputType(typeof(GcCalibrationRun))]
public sealed class GetGcCalibrationRunCommand : GcCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CalibrationRunCompleter))]
    public int[]? Id { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CalibrationRunCompleter))]
    [SupportsWildcards]
    public string[]? JobId { get; set; }

    /// <summary>Also the published runs in the module's Data/calibration-runs.csv (fitted, checked and excluded).</summary>
    [Parameter]
    public SwitchParameter IncludeShipped { get; set; }

    [Parameter]
    public string? ConfigurationPath { get; set; }

    protected override void ProcessRecord()
    {
        var file = new CalibrationFile(this, ConfigurationPath);
        var patterns = JobId?.Select(j => new WildcardPattern(j, WildcardOptions.IgnoreCase)).ToList();
        var filtered = Id is not null || patterns is not null;
        foreach (var run in file.Load())
        {
            if (Id is not null && !Id.Contains(run.Id)) continue;
            if (patterns is not null && !patterns.Any(p => p.IsMatch(run.JobId))) continue;
            WriteObject(CalibrationBook.ToModel(run, file.Path, GeosChemDomain.Default, InstanceCatalog.Default));
        }
        if (!IncludeShipped || filtered) return;
        foreach (var run in CalibrationRun.LoadEmbedded()) WriteObject(CalibrationBook.ToModel(run, InstanceCatalog.Default));
    }
}
