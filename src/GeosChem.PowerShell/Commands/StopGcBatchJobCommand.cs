using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Cancels jobs that have not started and terminates running ones; outputs each job as it stands afterwards.</summary>
[Cmdlet(VerbsLifecycle.Stop, "GcBatchJob", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GcBatchJob))]
public sealed class StopGcBatchJobCommand : GcAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] JobId { get; set; } = [];

    [Parameter]
    public string Reason { get; set; } = "Stopped with Stop-GcBatchJob";

    [Parameter]
    public SwitchParameter Force { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var ids = JobLookup.ValidIds(this, JobId);
        if (ids.Count == 0) return;
        var context = Context;
        var (batch, _) = Aws.Batch(context);
        foreach (var job in JobLookup.Describe(this, batch, ids).ToList())
        {
            if (job.IsFinished)
            {
                WriteWarning($"Job {job.JobId} ('{job.JobName}') has already {job.Status}; nothing to stop.");
                if (PassThru) WriteObject(job);
                continue;
            }
            var terminate = BatchJobStatus.HasContainer(job.Status);
            var action = terminate ? "Terminate the running job" : $"Cancel the {job.Status} job";
            if (!Confirmation.ShouldProcessUnlessForced(this, $"{job.JobId} ('{job.JobName}') in {context.Region}", action, Force)) continue;
            try
            {
                if (terminate) Run(ct => batch.TerminateJobAsync(job.JobId, Reason, ct));
                else Run(ct => batch.CancelJobAsync(job.JobId, Reason, ct));
                WriteVerbose($"{(terminate ? "Terminated" : "Cancelled")} {job.JobId}: {Reason}");
                if (PassThru)
                {
                    foreach (var now in JobLookup.Describe(this, batch, [job.JobId])) WriteObject(now);
                }
            }
            catch (GcException ex)
            {
                WriteItemError(ex, job.JobId, awsFailureId: ErrorIds.BatchJobStopFailed);
            }
        }
    }
}
