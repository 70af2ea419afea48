using System.Management.Automation;
using System.Text;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Writes the user's runs in the layout of the module's Data/calibration-runs.csv, so that they can be sent to the
/// project and appended to the shipped evidence. No object is written: the file is the result.
/// </summary>
[Cmdlet(VerbsData.Export, "GcCalibrationRun", SupportsShouldProcess = true)]
[OutputType(typeof(GcCalibrationRun))]
public sealed class ExportGcCalibrationRunCommand : GcCmdlet
{
    [Parameter(Mandatory = true, Position = 0)]
    public string Path { get; set; } = "";

    /// <summary>Only these runs (for example piped from Get-GcCalibrationRun); default: all of them.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(CalibrationRunCompleter))]
    public int[]? Id { get; set; }

    /// <summary>What the runs are grouped under in the project's evidence: one machine, build and person.</summary>
    [Parameter]
    public string SourceGroup { get; set; } = "contributed";

    /// <summary>Overwrites an existing file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Writes the exported runs as objects too.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    [Parameter]
    public string? ConfigurationPath { get; set; }

    private readonly HashSet<int> _ids = [];
    private bool _filtered;

    protected override void ProcessRecord()
    {
        if (Id is null) return;
        _filtered = true;
        _ids.UnionWith(Id);
    }

    protected override void EndProcessing()
    {
        var file = new CalibrationFile(this, ConfigurationPath);
        var runs = file.Load().Where(r => !_filtered || _ids.Contains(r.Id)).ToList();
        if (runs.Count == 0)
        {
            ThrowGcError(new GcException(ErrorIds.CalibrationRunNotFound, GcErrorKind.ObjectNotFound, $"There is no run to export in {file.Path}.",
                "Add your measured runs with Add-GcCalibrationRun first; Get-GcCalibrationRun lists them.", file.Path));
        }
        var target = GetUnresolvedProviderPathFromPSPath(Path);
        if (File.Exists(target) && !Force)
        {
            ThrowGcError(new GcException(ErrorIds.CalibrationFileUnwritable, GcErrorKind.ResourceExists, $"{target} exists.",
                "Give -Force to overwrite it, or another -Path.", target));
        }
        if (!ShouldProcess(target, $"Export {runs.Count} calibration run(s) in the shipped layout")) return;
        try
        {
            File.WriteAllText(target, CalibrationStore.ToShippedLayout(runs, GeosChemDomain.Default, InstanceCatalog.Default, SourceGroup), new UTF8Encoding(false));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowGcError(new GcException(ErrorIds.CalibrationFileUnwritable, GcErrorKind.PermissionDenied, $"Cannot write {target}: {ex.Message}",
                "Check that the folder exists and that you may write to it.", target, ex));
        }
        WriteVerbose($"Wrote {runs.Count} run(s) to {target}; send it with the runs' GEOS-Chem logs to the project to add them to the shipped evidence.");
        if (PassThru) foreach (var run in runs) WriteObject(CalibrationBook.ToModel(run, file.Path, GeosChemDomain.Default, InstanceCatalog.Default));
    }
}
