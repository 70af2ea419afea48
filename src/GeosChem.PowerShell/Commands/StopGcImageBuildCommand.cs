using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Stops builds by terminating their builders.</summary>
[Cmdlet(VerbsLifecycle.Stop, "GcImageBuild", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GcImageBuild))]
public sealed class StopGcImageBuildCommand : GcAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] BuildId { get; set; } = [];

    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var context = Context;
        var service = new ImageBuilds(this).ServiceFor(context);
        foreach (var id in BuildId)
        {
            try
            {
                var builds = Run(ct => service.FindAsync(id, ct));
                if (builds.Count == 0)
                {
                    throw GcErrors.ImageBuildNotFound(id, context.Region);
                }
                foreach (var build in builds)
                {
                    if (build.InstanceState is "terminated" or "shutting-down")
                    {
                        WriteWarning($"The builder of {id} ({build.InstanceId}) is already {build.InstanceState}.");
                        WriteObject(build);
                        continue;
                    }
                    if (!Confirmation.ShouldProcessUnlessForced(this, $"{id} ({build.Variant}) on {build.InstanceId} in {context.Region}", "Terminate the builder", Force)) continue;
                    Run(ct => service.TerminateAsync(build, ct));
                    if (!build.IsFinished) build.Status = ImageBuildStatus.Cancelled;
                    WriteObject(build);
                }
            }
            catch (GcException ex)
            {
                WriteItemError(ex, target: id);
            }
        }
    }
}
