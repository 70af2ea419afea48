using System.Runtime.CompilerServices;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Running;

/// <summary>What a watch reports, in order: progress after each poll, jobs as they finish, Spot fallbacks, and a timeout.</summary>
internal abstract record WatchEvent
{
    public sealed record Progress(IReadOnlyDictionary<string, int> Counts, int Total, int Done, int Polls) : WatchEvent;
    public sealed record Finished(GcBatchJob Job) : WatchEvent;
    public sealed record Missing(string JobId) : WatchEvent;
    public sealed record FellBack(GcBatchJob SpotJob, GcBatchJob OnDemandJob) : WatchEvent;

    /// <summary>
    /// A Spot job is due to move On-Demand. The consumer may set <see cref="Approved"/> to false (a -WhatIf or a
    /// declined -Confirm) before asking for the next event; the watch then reports the job as finished instead.
    /// </summary>
    public sealed record FallbackDue(GcBatchJob SpotJob, SubmissionSpec Resubmission) : WatchEvent
    {
        public bool Approved { get; set; } = true;
    }
    public sealed record TimedOut(IReadOnlyList<GcBatchJob> Unfinished) : WatchEvent;
}

/// <summary>
/// Polls jobs until they finish: one DescribeJobs call per 100 ids per cycle, never one per job. A Spot job that
/// carries a fallback queue and has been reclaimed its allowed number of times is submitted again On-Demand, resuming
/// from its restart prefix, and the watch follows the new job.
/// </summary>
internal sealed class JobWatcher(IBatchClient batch, Func<SubmissionSpec, CancellationToken, Task<GcBatchJob>>? resubmit)
{
    private const int ParallelDescribes = 4;

    public int DescribeCalls { get; private set; }

    public async IAsyncEnumerable<WatchEvent> WatchAsync(IReadOnlyList<string> jobIds, TimeSpan pollInterval, TimeSpan? timeout,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var watching = new List<string>(jobIds.Distinct(StringComparer.Ordinal));
        var latest = new Dictionary<string, GcBatchJob>(StringComparer.Ordinal);
        var finished = new HashSet<string>(StringComparer.Ordinal);
        var deadline = timeout is { } t ? DateTime.UtcNow + t : (DateTime?)null;
        for (var poll = 1; ; poll++)
        {
            var pending = watching.Where(id => !finished.Contains(id)).ToList();
            var details = await DescribeAllAsync(pending, ct).ConfigureAwait(false);
            var seen = new HashSet<string>(details.Select(d => d.JobId), StringComparer.Ordinal);
            foreach (var id in pending.Where(id => !seen.Contains(id)))
            {
                finished.Add(id);
                yield return new WatchEvent.Missing(id);
            }
            foreach (var detail in details)
            {
                var job = BatchJobMapper.FromDetail(detail, batch.Region);
                latest[job.JobId] = job;
                if (!job.IsFinished) continue;
                finished.Add(job.JobId);
                if (resubmit is not null && NeedsFallback(job, out var spec))
                {
                    var due = new WatchEvent.FallbackDue(job, spec);
                    yield return due; // the consumer decides before the watch goes on
                    if (!due.Approved)
                    {
                        yield return new WatchEvent.Finished(job);
                        continue;
                    }
                    var replacement = await resubmit(spec, ct).ConfigureAwait(false);
                    job.ResubmittedAs = replacement.JobId;
                    watching.Add(replacement.JobId);
                    latest[replacement.JobId] = replacement;
                    yield return new WatchEvent.FellBack(job, replacement);
                    continue;
                }
                yield return new WatchEvent.Finished(job);
            }
            var current = watching.Where(latest.ContainsKey).Select(id => latest[id]).Where(j => j.ResubmittedAs is null).ToList();
            yield return new WatchEvent.Progress(CountByStatus(current), current.Sum(Weight), current.Where(j => j.IsFinished).Sum(Weight), poll);

            if (watching.All(finished.Contains)) yield break;
            if (deadline is { } end && DateTime.UtcNow + pollInterval > end)
            {
                yield return new WatchEvent.TimedOut([.. watching.Where(id => !finished.Contains(id) && latest.ContainsKey(id)).Select(id => latest[id])]);
                yield break;
            }
            await Task.Delay(pollInterval, ct).ConfigureAwait(false);
        }
    }

    /// <summary>An array parent counts as its children; any other job counts once.</summary>
    private static int Weight(GcBatchJob job) => job.ChildStatus is { Count: > 0 } summary ? Math.Max(1, job.ArraySize ?? summary.Values.Sum()) : 1;

    public static IReadOnlyDictionary<string, int> CountByStatus(IEnumerable<GcBatchJob> jobs)
    {
        var counts = BatchJobStatus.All.ToDictionary(s => s, _ => 0, StringComparer.Ordinal);
        foreach (var job in jobs)
        {
            if (job.ChildStatus is { Count: > 0 } summary)
            {
                foreach (var (status, n) in summary) counts[status] = counts.GetValueOrDefault(status) + n;
            }
            else counts[job.Status] = counts.GetValueOrDefault(job.Status) + 1;
        }
        return counts;
    }

    private async Task<List<JobDetailShape>> DescribeAllAsync(List<string> ids, CancellationToken ct)
    {
        var results = new List<JobDetailShape>();
        foreach (var wave in ids.Chunk(BatchClient.DescribeJobsBatchSize).Chunk(ParallelDescribes))
        {
            DescribeCalls += wave.Length;
            var pages = await Task.WhenAll(wave.Select(chunk => batch.DescribeJobsAsync(chunk, ct))).ConfigureAwait(false);
            foreach (var page in pages) results.AddRange(page);
        }
        return results;
    }

    /// <summary>A failed Spot job whose last attempt was reclaimed and which asked to fall back, as the submission to make.</summary>
    public static bool NeedsFallback(GcBatchJob job, out SubmissionSpec spec)
    {
        spec = null!;
        if (job.Status != BatchJobStatus.Failed || job.ResubmittedAs is not null || job.ArraySize is not null) return false;
        if (!job.Tags.TryGetValue(BatchJobMapper.FallbackQueueTag, out var queue)) return false;
        var allowed = job.Tags.TryGetValue(BatchJobMapper.MaxReclaimsTag, out var raw) && int.TryParse(raw, out var n) ? n : 2;
        if (job.SpotReclaims < allowed || job.AttemptDetails.LastOrDefault() is not { SpotReclaim: true }) return false;
        var userTags = job.Tags.Where(kv => !kv.Key.StartsWith("geoschem:", StringComparison.Ordinal) && !kv.Key.StartsWith("aws:", StringComparison.Ordinal))
            .ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        spec = new SubmissionSpec
        {
            Name = job.JobName,
            Queue = queue,
            Definition = job.JobDefinition,
            RestartPrefix = job.RestartPrefix,
            Environment = job.ContractEnvironment,
            Tags = userTags,
            ArraySize = null,
            PreviousJobId = job.JobId,
        };
        return true;
    }
}
