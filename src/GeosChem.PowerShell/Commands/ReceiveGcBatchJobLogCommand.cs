using System.Management.Automation;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>The container output of each attempt of a job, from CloudWatch Logs; -Follow tails a running job to its end.</summary>
[Cmdlet(VerbsCommunications.Receive, "GcBatchJobLog", DefaultParameterSetName = AllSet)]
[OutputType(typeof(GcJobLogEvent))]
public sealed class ReceiveGcBatchJobLogCommand : GcAwsCmdlet
{
    private const string AllSet = "All";
    private const string TailSet = "Tail";
    private const string FollowSet = "Follow";

    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] JobId { get; set; } = [];

    [Parameter(ParameterSetName = AllSet)]
    [Parameter(ParameterSetName = TailSet)]
    [ValidateRange(1, 10)]
    public int? Attempt { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = TailSet)]
    [ValidateRange(1, 10_000)]
    public int Tail { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = FollowSet)]
    public SwitchParameter Follow { get; set; }

    /// <summary>How often -Follow reads new output (default 5 s).</summary>
    [Parameter]
    [DurationTransformation]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    private string? _following;

    protected override void ProcessRecord()
    {
        var ids = JobLookup.ValidIds(this, JobId);
        if (ids.Count == 0) return;
        var context = Context;
        var (batch, _) = Aws.Batch(context);
        var reader = new JobLogReader(Aws.Logs(context));
        foreach (var found in JobLookup.Describe(this, batch, ids).ToList())
        {
            var job = MainNodeOf(batch, found);
            try
            {
                if (Follow)
                {
                    _following = job.JobId;
                    var events = reader.FollowAsync(job, async ct => (await batch.DescribeJobsAsync([job.JobId], ct).ConfigureAwait(false))
                        .Select(d => BatchJobMapper.FromDetail(d, batch.Region)).FirstOrDefault(), PollInterval, StopToken);
                    foreach (var e in Stream(events)) WriteObject(e);
                    _following = null;
                    continue;
                }
                if (job.AttemptDetails.All(a => a.LogStreamName is null))
                {
                    WriteWarning($"Job {job.JobId} ('{job.JobName}') is {job.Status} and has not started a container yet, so it has no log. Use -Follow to wait for it.");
                    continue;
                }
                foreach (var e in Stream(reader.ReadAsync(job, Attempt, ParameterSetName == TailSet ? Tail : null, StopToken))) WriteObject(e);
            }
            catch (GcException ex)
            {
                WriteItemError(ex, job.JobId, awsFailureId: ErrorIds.BatchJobLogFailed);
            }
        }
    }

    /// <summary>A multi-node job writes its log on its nodes; the main node (#0) has the model's output.</summary>
    private GcBatchJob MainNodeOf(BatchClient batch, GcBatchJob job) =>
        job.NodeCount is > 1 && job.NodeIndex is null ? JobLookup.Describe(this, batch, [$"{job.JobId}#0"]).FirstOrDefault() ?? job : job;

    protected override void StopProcessing()
    {
        base.StopProcessing();
        JobWaiting.AdviseOnStop(this, StopAdvice());
    }

    private string StopAdvice() =>
        _following is null ? "" : $"Job {_following} keeps running; follow it again with Receive-GcBatchJobLog -JobId {_following} -Follow.";
}
