using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Commands;

/// <summary>Reads local GEOS-Chem run directories (made by createRunDir.sh): no AWS call.</summary>
[Cmdlet(VerbsCommon.Get, "GcRunDirectory")]
[OutputType(typeof(GcRunDirectory))]
public sealed class GetGcRunDirectoryCommand : GcCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName", "RunDirectory")]
    public string[] Path { get; set; } = [];

    protected override void ProcessRecord()
    {
        foreach (var path in Path)
        {
            try
            {
                WriteObject(RunDirectoryReader.Read(GetUnresolvedProviderPathFromPSPath(path)));
            }
            catch (GcException ex)
            {
                WriteItemError(ex, path);
            }
        }
    }
}
