using System.Management.Automation;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>Jobs by id (full detail), or listed from queues and streamed as pages arrive.</summary>
[Cmdlet(VerbsCommon.Get, "GcBatchJob", DefaultParameterSetName = ListSet)]
[OutputType(typeof(GcBatchJob))]
public sealed class GetGcBatchJobCommand : GcAwsCmdlet
{
    private const string ByIdSet = "ById";
    private const string ListSet = "List";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
    public string[] JobId { get; set; } = [];

    /// <summary>Also list the children of array jobs (id:N) and the nodes of multi-node jobs (id#N).</summary>
    [Parameter(ParameterSetName = ByIdSet)]
    public SwitchParameter IncludeChildren { get; set; }

    // Not bound from the pipeline: a GcBatchJob carries both JobId and JobQueue, and piping a job must look it up, not list its queue.
    [Parameter(ParameterSetName = ListSet)]
    [ArgumentCompleter(typeof(JobQueueCompleter))]
    public string[]? JobQueue { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [ValidateSet(BatchJobStatus.Submitted, BatchJobStatus.Pending, BatchJobStatus.Runnable, BatchJobStatus.Starting, BatchJobStatus.Running,
        BatchJobStatus.Succeeded, BatchJobStatus.Failed, "All", IgnoreCase = true)]
    public string[]? Status { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    [SupportsWildcards]
    [Alias("JobName")]
    public string? Name { get; set; }

    [Parameter(ParameterSetName = ListSet)]
    public DateTime? After { get; set; }

    protected override void ProcessRecord()
    {
        var context = Context;
        var (batch, _) = Aws.Batch(context);
        if (ParameterSetName == ByIdSet)
        {
            var ids = JobLookup.ValidIds(this, JobId);
            foreach (var job in JobLookup.Describe(this, batch, ids))
            {
                WriteObject(job);
                if (IncludeChildren) WriteChildren(batch, job);
            }
            return;
        }
        try
        {
            var queues = JobQueue is { Length: > 0 } named ? named.ToList()
                : Run(async ct => { var all = new List<string>(); await foreach (var q in batch.DescribeJobQueuesAsync(null, ct)) all.Add(q.JobQueueName); return all; });
            var listed = 0;
            foreach (var queue in queues)
            {
                foreach (var job in Stream(List(batch, queue, StopToken)))
                {
                    listed++;
                    WriteObject(job);
                }
            }
            if (listed == 0 && Status is null or { Length: 0 })
            {
                WriteWarning($"No active jobs (SUBMITTED to RUNNING) in {string.Join(", ", queues)}. Finished jobs are listed only when asked: "
                    + "Get-GcBatchJob -Status SUCCEEDED,FAILED (or -Status All).");
            }
        }
        catch (GcException ex)
        {
            ThrowGcError(ex, awsFailureId: ErrorIds.BatchJobListFailed);
        }
    }

    private void WriteChildren(BatchClient batch, GcBatchJob parent)
    {
        var ids = parent.ArraySize is { } size && parent.ArrayIndex is null ? Enumerable.Range(0, size).Select(i => $"{parent.JobId}:{i}")
            : parent.NodeCount is { } nodes && parent.NodeIndex is null ? Enumerable.Range(0, nodes).Select(i => $"{parent.JobId}#{i}") : [];
        foreach (var child in JobLookup.Describe(this, batch, [.. ids])) WriteObject(child);
    }

    /// <summary>
    /// ListJobs takes one status or one filter per call: a name or date becomes the server-side filter (which returns all
    /// statuses), and the rest is filtered here; statuses without a filter are listed one call sequence each.
    /// </summary>
    private async IAsyncEnumerable<GcBatchJob> List(BatchClient batch, string queue, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var statuses = Status is null or { Length: 0 } ? BatchJobStatus.Active
            : Status.Any(s => s.Equals("All", StringComparison.OrdinalIgnoreCase)) ? BatchJobStatus.All
            : Status.Select(s => s.ToUpperInvariant()).Distinct().ToArray();
        var pattern = string.IsNullOrEmpty(Name) ? null : new WildcardPattern(Name, WildcardOptions.IgnoreCase);
        var afterMillis = After is { } after ? (long)(after.ToUniversalTime() - DateTime.UnixEpoch).TotalMilliseconds : (long?)null;

        ListJobsFilterShape? filter = null;
        if (pattern is not null)
        {
            var wildcard = Name!.IndexOfAny(['*', '?', '[']);
            filter = new ListJobsFilterShape("JOB_NAME", [wildcard < 0 ? Name : Name[..wildcard] + "*"]);
        }
        else if (afterMillis is { } ms) filter = new ListJobsFilterShape("AFTER_CREATED_AT", [ms.ToString(System.Globalization.CultureInfo.InvariantCulture)]);

        var requests = filter is not null
            ? [new ListJobsRequest { JobQueue = queue, Filters = [filter] }]
            : statuses.Select(s => new ListJobsRequest { JobQueue = queue, JobStatus = s }).ToList();
        foreach (var request in requests)
        {
            await foreach (var summary in batch.ListJobsAsync(request, ct).ConfigureAwait(false))
            {
                var job = BatchJobMapper.FromSummary(summary, queue, batch.Region);
                if (filter is not null && !statuses.Contains(job.Status)) continue;
                if (pattern is not null && !pattern.IsMatch(job.JobName)) continue;
                if (afterMillis is { } min && summary.CreatedAt <= min) continue;
                yield return job;
            }
        }
    }
}
