using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// Follows builds to their end, then terminates their builders (also on failure, timeout or Ctrl+C). Terminating is an
/// action, so -WhatIf follows and reports but leaves the builders alone, and -Confirm asks once per build before following it.
/// </summary>
[Cmdlet(VerbsLifecycle.Wait, "GcImageBuild", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
[OutputType(typeof(GcImageBuild))]
public sealed class WaitGcImageBuildCommand : GcAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] BuildId { get; set; } = [];

    [Parameter]
    [DurationTransformation]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(3);

    protected override void ProcessRecord()
    {
        var context = Context;
        var builds = new ImageBuilds(this, PollInterval);
        var service = builds.ServiceFor(context);
        foreach (var id in BuildId)
        {
            GcImageBuild? build;
            try
            {
                build = Run(ct => service.FindAsync(id, ct)).FirstOrDefault()
                    ?? throw GcErrors.ImageBuildNotFound(id, context.Region);
            }
            catch (GcException ex)
            {
                WriteItemError(ex, target: id);
                continue;
            }
            var builderRunning = build.InstanceState is not ("terminated" or "shutting-down");
            // Asked before following (a prompt cannot be answered from the finally of a stopped pipeline).
            var terminate = builderRunning && ShouldProcess($"builder {build.InstanceId} of build {id}", "Terminate when the build ends (also on failure, timeout or Ctrl+C)");
            try
            {
                if (build.Status is ImageBuildStatus.Building) Run(ct => service.FollowAsync(build, PollInterval, Timeout, builds, ct));
                else if (build.Status is ImageBuildStatus.Launching)
                {
                    WriteWarning($"Build {id} never started its script (its launch was interrupted); its builder {(terminate ? "is being" : "would be")} terminated.");
                    if (terminate) build.Status = ImageBuildStatus.Cancelled;
                }
            }
            catch (GcException ex)
            {
                WriteItemError(ex, target: id);
            }
            finally
            {
                if (terminate) ImageBuilds.TerminateRegardless(service, build);
            }
            builds.CompleteProgress(build);
            WriteObject(build);
            if (ImageBuildStatus.IsFailure(build.Status)) WriteError(ErrorRecords.From(GcErrors.ImageBuildFailed(build), target: build));
        }
    }
}
