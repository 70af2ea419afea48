using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Builds known from their builders' tags, with their current status.</summary>
[Cmdlet(VerbsCommon.Get, "GcImageBuild")]
[OutputType(typeof(GcImageBuild))]
public sealed class GetGcImageBuildCommand : GcAwsCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[]? BuildId { get; set; }

    protected override void ProcessRecord()
    {
        var service = new ImageBuilds(this).ServiceFor(Context);
        foreach (var id in BuildId is { Length: > 0 } ids ? ids.Cast<string?>() : [null])
        {
            try
            {
                var builds = Run(ct => service.FindAsync(id, ct));
                if (id is not null && builds.Count == 0)
                {
                    WriteItemError(GcErrors.ImageBuildNotFound(id, Context.Region), target: id);
                }
                foreach (var build in builds) WriteObject(build);
            }
            catch (GcException ex)
            {
                WriteItemError(ex, target: id);
            }
        }
    }
}
