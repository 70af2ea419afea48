using System.Collections.Concurrent;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Running;

/// <summary>A job queue with what the module needs to know about it: whether it runs on Spot, and its fallback queue.</summary>
internal sealed record QueueInfo(JobQueueShape Queue, IReadOnlyList<ComputeEnvironmentShape> Environments)
{
    public const string FallbackQueueTag = "geoschem:fallback-queue";

    public string Name => Queue.JobQueueName;
    public bool IsSpot => Environments.Count > 0 && Environments.All(e => e.ComputeResources?.Type is "SPOT" or "FARGATE_SPOT");
    public string? FallbackQueue => Queue.Tags?.GetValueOrDefault(FallbackQueueTag);
}

/// <summary>
/// Looks up queues and job definitions once per command, so each of a thousand submissions does not, and turns a
/// missing one into an error that lists the ones that exist.
/// </summary>
internal sealed class BatchDirectory(IBatchClient batch)
{
    private readonly ConcurrentDictionary<string, Task<QueueInfo>> _queues = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<JobDefinitionShape>> _definitions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Task<ComputeEnvironmentShape?>> _environments = new(StringComparer.Ordinal);

    public Task<QueueInfo> QueueAsync(string nameOrArn, CancellationToken ct) => _queues.GetOrAdd(nameOrArn, n => LoadQueueAsync(n, ct));

    public Task<JobDefinitionShape> DefinitionAsync(string reference, CancellationToken ct) => _definitions.GetOrAdd(reference, r => LoadDefinitionAsync(r, ct));

    private async Task<QueueInfo> LoadQueueAsync(string nameOrArn, CancellationToken ct)
    {
        JobQueueShape? queue = null;
        await foreach (var q in batch.DescribeJobQueuesAsync([nameOrArn], ct).ConfigureAwait(false)) queue ??= q;
        if (queue is null)
        {
            var known = new List<string>();
            await foreach (var q in batch.DescribeJobQueuesAsync(null, ct).ConfigureAwait(false)) known.Add(q.JobQueueName);
            throw new GcException(ErrorIds.BatchJobQueueNotFound, GcErrorKind.ObjectNotFound,
                $"There is no job queue '{nameOrArn}' in {batch.Region}.",
                known.Count == 0 ? "This region has no job queues; deploy the platform first, or pass the -Region it is in."
                    : $"Queues in {batch.Region}: {string.Join(", ", known.Order(StringComparer.Ordinal))}.", nameOrArn);
        }
        var environments = new List<ComputeEnvironmentShape>();
        foreach (var order in (queue.ComputeEnvironmentOrder ?? []).OrderBy(o => o.Order))
        {
            if (await EnvironmentAsync(order.ComputeEnvironment, ct).ConfigureAwait(false) is { } environment) environments.Add(environment);
        }
        return new QueueInfo(queue, environments);
    }

    public Task<ComputeEnvironmentShape?> EnvironmentAsync(string nameOrArn, CancellationToken ct) =>
        _environments.GetOrAdd(nameOrArn, async n =>
        {
            await foreach (var e in batch.DescribeComputeEnvironmentsAsync([n], ct).ConfigureAwait(false)) return e;
            return null;
        });

    private async Task<JobDefinitionShape> LoadDefinitionAsync(string reference, CancellationToken ct)
    {
        var byArnOrRevision = reference.StartsWith("arn:", StringComparison.Ordinal) || reference.Contains(':');
        var request = byArnOrRevision
            ? new DescribeJobDefinitionsRequest(JobDefinitions: [reference])
            : new DescribeJobDefinitionsRequest(JobDefinitionName: reference, Status: "ACTIVE");
        JobDefinitionShape? newest = null;
        await foreach (var d in batch.DescribeJobDefinitionsAsync(request, ct).ConfigureAwait(false))
        {
            if (d.Status is null or "ACTIVE" && (newest is null || d.Revision > newest.Revision)) newest = d;
        }
        if (newest is not null) return newest;
        var known = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var d in batch.DescribeJobDefinitionsAsync(new DescribeJobDefinitionsRequest(Status: "ACTIVE"), ct).ConfigureAwait(false))
        {
            known.Add(d.JobDefinitionName);
        }
        throw new GcException(ErrorIds.BatchJobDefinitionNotFound, GcErrorKind.ObjectNotFound,
            $"There is no active job definition '{reference}' in {batch.Region}.",
            known.Count == 0 ? "Register one first with Register-GcJobDefinition."
                : $"Active definitions: {string.Join(", ", known.Take(20))}{(known.Count > 20 ? ", ..." : "")}. Register-GcJobDefinition makes a new one.", reference);
    }
}
