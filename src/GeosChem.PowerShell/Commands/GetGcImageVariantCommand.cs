using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Images;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>The GEOS-Chem image matrix (dockerfiles/variants.json): no AWS call.</summary>
[Cmdlet(VerbsCommon.Get, "GcImageVariant")]
[OutputType(typeof(GcImageVariant))]
public sealed class GetGcImageVariantCommand : GcCmdlet
{
    [Parameter(Position = 0)]
    [ArgumentCompleter(typeof(ImageModelCompleter))]
    public string? Model { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageArchitectureCompleter))]
    public string? Architecture { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageCompilerCompleter))]
    public string? Compiler { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageMpiCompleter))]
    public string? Mpi { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(ImageVersionCompleter))]
    public string? Version { get; set; }

    /// <summary>Also list the variants GEOS-Chem does not support (built for testing only).</summary>
    [Parameter]
    public SwitchParameter IncludeUnsupported { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var found = ImageVariantCatalog.Default.Find(Model, Architecture, Compiler, Mpi, Version)
                .Where(v => v.Supported || IncludeUnsupported || Compiler is not null || Mpi is not null).ToList();
            if (found.Count == 0)
            {
                WriteWarning("No image variant matches. Get-GcImageVariant without filters lists them all.");
            }
            foreach (var v in found) WriteObject(VariantMapper.ToModel(v));
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
        }
    }
}
