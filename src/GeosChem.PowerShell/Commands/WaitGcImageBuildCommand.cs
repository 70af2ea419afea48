using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>Follows builds to their end, then terminates their builders (also on failure, timeout or Ctrl+C).</summary>
[Cmdlet(VerbsLifecycle.Wait, "GcImageBuild")]
[OutputType(typeof(GcImageBuild))]
public sealed class WaitGcImageBuildCommand : GcImageCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] BuildId { get; set; } = [];

    [Parameter]
    [DurationTransformation]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(15);

    private protected override TimeSpan PollEvery => PollInterval;

    [Parameter]
    [DurationTransformation]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromHours(3);

    protected override void ProcessRecord()
    {
        var context = Context;
        var service = BuildServiceFor(context);
        foreach (var id in BuildId)
        {
            GcImageBuild? build;
            try
            {
                build = Run(ct => service.FindAsync(id, ct)).FirstOrDefault()
                    ?? throw new GcException("GcImageBuildNotFound", GcErrorKind.ObjectNotFound, $"There is no build '{id}' in {context.Region}.",
                        "Get-GcImageBuild lists the builds whose builders EC2 still shows (terminated ones for about an hour).", id);
            }
            catch (GcException ex)
            {
                WriteItemError(ex, ex.ErrorId, id);
                continue;
            }
            try
            {
                if (build.Status is "Building") Run(ct => service.FollowAsync(build, PollInterval, Timeout, this, ct));
                else if (build.Status is "Launching")
                {
                    WriteWarning($"Build {id} never started its script (its launch was interrupted); its builder is being terminated.");
                    build.Status = "Cancelled";
                }
            }
            catch (GcException ex)
            {
                WriteItemError(ex, ex.ErrorId, id);
            }
            finally
            {
                if (build.InstanceState is not ("terminated" or "shutting-down")) TerminateRegardless(service, build);
            }
            CompleteProgress(build);
            WriteObject(build);
            if (build.Status is "Failed" or "TimedOut" or "Lost") WriteError(ErrorRecords.From(StartGcImageBuildCommand.BuildFailure(build), target: build));
        }
    }
}
