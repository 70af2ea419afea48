using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Waiting on jobs for a cmdlet: one progress bar with counts per status, final objects as jobs finish, failures as
/// errors that name the log stream, Spot fallbacks as warnings. Ctrl+C stops the waiting, not the jobs; the cmdlet says
/// what is left running with <see cref="AdviseOnStop"/>.
/// </summary>
internal sealed class JobWaiting(GcAwsCmdlet cmdlet)
{
    /// <summary>The jobs being waited on now (for the Ctrl+C advice).</summary>
    public IReadOnlyList<string> Waiting { get; private set; } = [];

    public void WaitFor(AwsContext context, IReadOnlyList<string> jobIds, TimeSpan pollInterval, TimeSpan? timeout, string activity)
    {
        if (pollInterval < TimeSpan.FromMilliseconds(100))
        {
            cmdlet.ThrowGcError(new GcException(ErrorIds.PollIntervalTooShort, GcErrorKind.InvalidArgument,
                $"-PollInterval {pollInterval} is too short.", "Poll every few seconds or more, for example -PollInterval '00:00:30'."));
        }
        var (batch, directory) = cmdlet.Aws.Batch(context);
        var submitter = cmdlet.Own(new JobSubmitter(batch, directory, new SubmitOptions(), cmdlet.Bridge));
        var watcher = new JobWatcher(batch, submitter.SubmitAsync);
        Waiting = jobIds;
        var progress = new ProgressRecord(2, activity, $"{jobIds.Count} job(s)");
        foreach (var update in cmdlet.Stream(watcher.WatchAsync(jobIds, pollInterval, timeout, cmdlet.StopToken)))
        {
            switch (update)
            {
                case WatchEvent.Progress p:
                    progress.StatusDescription = $"{p.Done} of {p.Total} finished | " +
                        string.Join("  ", p.Counts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}"));
                    progress.PercentComplete = p.Total == 0 ? 100 : 100 * p.Done / p.Total;
                    cmdlet.WriteProgress(progress);
                    break;
                case WatchEvent.Finished f:
                    cmdlet.WriteObject(f.Job);
                    if (f.Job.Status == BatchJobStatus.Failed) cmdlet.WriteError(ErrorRecords.From(GcErrors.BatchJobFailed(f.Job), target: f.Job));
                    break;
                case WatchEvent.FallbackDue due:
                    due.Approved = cmdlet.ShouldProcess($"{due.SpotJob.JobId} ('{due.SpotJob.JobName}'), reclaimed by Spot {due.SpotJob.SpotReclaims} time(s)",
                        $"Resubmit On-Demand to {due.Resubmission.Queue}, resuming from {due.Resubmission.RestartPrefix ?? "its restart files"}");
                    break;
                case WatchEvent.FellBack fb:
                    cmdlet.WriteWarning($"Job {fb.SpotJob.JobId} ('{fb.SpotJob.JobName}') was reclaimed by Spot {fb.SpotJob.SpotReclaims} time(s); " +
                                        $"resubmitted On-Demand to {fb.OnDemandJob.JobQueue} as {fb.OnDemandJob.JobId}, resuming from {fb.OnDemandJob.RestartPrefix ?? "its restart files"}.");
                    cmdlet.WriteObject(fb.SpotJob);
                    break;
                case WatchEvent.Missing m:
                    cmdlet.WriteError(ErrorRecords.From(GcErrors.BatchJobNotFound(m.JobId, context.Region), target: m.JobId));
                    break;
                case WatchEvent.TimedOut t:
                    cmdlet.WriteError(ErrorRecords.From(new GcException(ErrorIds.BatchWaitTimeout, GcErrorKind.OperationTimeout,
                        $"{t.Unfinished.Count} job(s) had not finished when the wait ended: {string.Join(", ", t.Unfinished.Take(5).Select(j => $"{j.JobId} ({j.Status})"))}{(t.Unfinished.Count > 5 ? ", ..." : "")}.",
                        "They keep running. Wait again with Wait-GcBatchJob, or stop them with Stop-GcBatchJob."), target: t.Unfinished.Select(j => j.JobId).ToArray()));
                    break;
            }
        }
        progress.RecordType = ProgressRecordType.Completed;
        cmdlet.WriteProgress(progress);
        cmdlet.WriteVerbose($"Watched {jobIds.Count} job(s) with {watcher.DescribeCalls} DescribeJobs call(s).");
        Waiting = [];
    }

    /// <summary>Tells the user, from StopProcessing, what keeps running now that Ctrl+C stopped the waiting.</summary>
    public static void AdviseOnStop(PSCmdlet cmdlet, string advice)
    {
        if (advice.Length == 0) return;
        try
        {
            cmdlet.Host?.UI?.WriteWarningLine("Stopped waiting. " + advice);
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException)
        {
            // A host without a UI (a runspace in a service) has nowhere to show it.
        }
    }
}
