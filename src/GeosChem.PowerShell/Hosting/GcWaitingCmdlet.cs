using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Base of the cmdlets that wait on jobs: one progress bar with counts per status, final objects as jobs finish,
/// failures as errors that name the log stream, Spot fallbacks as warnings; Ctrl+C stops the waiting, not the jobs.
/// </summary>
public abstract class GcWaitingCmdlet : GcBatchCmdlet
{
    [Parameter]
    [DurationTransformation]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>What to tell the user about the jobs left running when Ctrl+C stops the command.</summary>
    protected abstract string StopAdvice();

    protected override void StopProcessing()
    {
        base.StopProcessing();
        var advice = StopAdvice();
        if (advice.Length == 0) return;
        try
        {
            Host.UI.WriteWarningLine("Stopped waiting. " + advice);
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or System.Management.Automation.Host.HostException or NotImplementedException)
        {
            // A host without a UI (a runspace in a service) has nowhere to show it.
        }
    }

    private protected void WaitFor(AwsContext context, IReadOnlyList<string> jobIds, TimeSpan? timeout, string activity)
    {
        if (PollInterval < TimeSpan.FromMilliseconds(100))
        {
            ThrowGcError(new GcException("GcPollIntervalTooShort", GcErrorKind.InvalidArgument,
                $"-PollInterval {PollInterval} is too short.", "Poll every few seconds or more, for example -PollInterval '00:00:30'."));
        }
        var (batch, directory) = BatchFor(context);
        var submitter = Own(new JobSubmitter(batch, directory, new SubmitOptions(), Bridge));
        var watcher = new JobWatcher(batch, submitter.SubmitAsync);
        Waiting = jobIds;
        var progress = new ProgressRecord(2, activity, $"{jobIds.Count} job(s)");
        foreach (var update in Stream(watcher.WatchAsync(jobIds, PollInterval, timeout, StopToken)))
        {
            switch (update)
            {
                case WatchEvent.Progress p:
                    progress.StatusDescription = $"{p.Done} of {p.Total} finished | " +
                        string.Join("  ", p.Counts.Where(kv => kv.Value > 0).Select(kv => $"{kv.Key} {kv.Value}"));
                    progress.PercentComplete = p.Total == 0 ? 100 : 100 * p.Done / p.Total;
                    WriteProgress(progress);
                    break;
                case WatchEvent.Finished f:
                    WriteObject(f.Job);
                    if (f.Job.Status == "FAILED") WriteError(ErrorRecords.From(Failure(f.Job), target: f.Job));
                    break;
                case WatchEvent.FellBack fb:
                    WriteWarning($"Job {fb.SpotJob.JobId} ('{fb.SpotJob.JobName}') was reclaimed by Spot {fb.SpotJob.SpotReclaims} time(s); " +
                                 $"resubmitted On-Demand to {fb.OnDemandJob.JobQueue} as {fb.OnDemandJob.JobId}, resuming from {fb.OnDemandJob.RestartPrefix ?? "its restart files"}.");
                    WriteObject(fb.SpotJob);
                    break;
                case WatchEvent.Missing m:
                    WriteError(ErrorRecords.From(JobNotFound(m.JobId, context.Region), target: m.JobId));
                    break;
                case WatchEvent.TimedOut t:
                    WriteError(ErrorRecords.From(new GcException("GcBatchWaitTimeout", GcErrorKind.OperationTimeout,
                        $"{t.Unfinished.Count} job(s) had not finished when the wait ended: {string.Join(", ", t.Unfinished.Take(5).Select(j => $"{j.JobId} ({j.Status})"))}{(t.Unfinished.Count > 5 ? ", ..." : "")}.",
                        "They keep running. Wait again with Wait-GcBatchJob, or stop them with Stop-GcBatchJob."), target: t.Unfinished.Select(j => j.JobId).ToArray()));
                    break;
            }
        }
        progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(progress);
        WriteVerbose($"Watched {jobIds.Count} job(s) with {watcher.DescribeCalls} DescribeJobs call(s).");
        Waiting = [];
    }

    /// <summary>The jobs being waited on now (for the Ctrl+C advice).</summary>
    private protected IReadOnlyList<string> Waiting { get; private set; } = [];

    private static GcException Failure(GcBatchJob job)
    {
        var last = job.AttemptDetails.LastOrDefault();
        var exit = job.ExitCode ?? last?.ExitCode;
        var stream = job.LogStreamName ?? last?.LogStreamName;
        var why = job.StatusReason ?? last?.StatusReason ?? "no reason given";
        var fix = last?.SpotReclaim == true
            ? "Spot reclaimed it on every allowed attempt. Submit again with -FallbackToOnDemand, or to an On-Demand queue; it resumes from its newest restart file."
            : stream is null
                ? "It never started a container: check the job queue's compute environment and the image (Get-GcBatchJob shows the reason)."
                : $"Read its output with: Receive-GcBatchJobLog -JobId {job.JobId} -Tail 50";
        return new GcException("GcBatchJobFailed", GcErrorKind.InvalidResult,
            $"Job {job.JobId} ('{job.JobName}') failed after {job.Attempts ?? 0} attempt(s): {why}{(exit is { } code ? $", exit code {code}" : "")}" +
            $"{(stream is null ? "" : $"; log stream {job.LogGroupName}/{stream}")}.", fix, job.JobId);
    }
}
