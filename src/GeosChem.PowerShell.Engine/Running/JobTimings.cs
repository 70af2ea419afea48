using System.Text;
using GeosChem.PowerShell.Aws.Ecs;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Timing;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// GEOS-Chem's own timers from a finished Batch job: its last attempt's CloudWatch Logs stream read as a log file,
/// with the instance it ran on (from ECS) and the benchmark plan its tags describe. A finished job's log must be
/// whole: one without GEOS-Chem's total, cut off mid-table or without the end of the run is an error for that job.
/// </summary>
internal sealed class JobTimings(JobLogReader logs, EcsClient? ecs)
{
    public async Task<GcRunTiming> ReadAsync(GcBatchJob job, CancellationToken ct)
    {
        if (!job.IsFinished)
        {
            throw new GcException(ErrorIds.RunTimingJobNotFinished, GcErrorKind.ResourceUnavailable,
                $"Job {job.JobId} ('{job.JobName}') is {job.Status}: GEOS-Chem prints its timers when the run ends.",
                $"Wait for it first: Wait-GcBatchJob -JobId {job.JobId}.", job.JobId);
        }
        var attempt = job.AttemptDetails.LastOrDefault(a => a.LogStreamName is not null)
            ?? throw new GcException(ErrorIds.RunTimingNotFound, GcErrorKind.ObjectNotFound,
                $"Job {job.JobId} ('{job.JobName}') never started a container, so it has no log to read timers from ({job.StatusReason}).",
                "Look at why it did not start with Get-GcBatchJob; submit it again once that is fixed.", job.JobId);
        var text = new StringBuilder();
        await foreach (var e in logs.ReadAsync(job, attempt.Attempt, null, ct).ConfigureAwait(false)) text.Append(e.Message).Append('\n');
        var source = $"the log of job {job.JobId} ('{job.JobName}', attempt {attempt.Attempt}, stream {attempt.LogStreamName})";
        var timing = RunTimingReader.Read(text.ToString(), source);
        var problems = timing.Warnings.Where(w => w.Contains("truncated", StringComparison.Ordinal) || w.Contains("no timer rows", StringComparison.Ordinal)).ToList();
        if (timing.WallSeconds is null) problems.Add("GEOS-Chem's total timer is missing or unreadable");
        if (problems.Count > 0)
        {
            throw new GcException(ErrorIds.RunTimingIncomplete, GcErrorKind.InvalidData,
                $"Cannot use the timers in {source}: {string.Join("; ", problems)}.",
                $"Read the end of the log with Receive-GcBatchJobLog -JobId {job.JobId} -Tail 40; a log cut short means the run did not end cleanly, so run that plan again.",
                job.JobId);
        }
        var result = RunTimingMapper.ToModel(timing, $"{job.LogGroupName ?? JobDefinitionBuilder.DefaultLogGroup}/{attempt.LogStreamName}");
        result.JobId = job.JobId;
        result.JobName = job.JobName;
        result.Region = job.Region;
        result.InstanceType = await InstanceTypeAsync(attempt.ContainerInstanceArn, ct).ConfigureAwait(false) ?? BenchmarkTags.Text(job.Tags, BenchmarkTags.InstanceType);
        result.NodeCount = BenchmarkTags.Number(job.Tags, BenchmarkTags.NodeCount) ?? job.NodeCount ?? 1;
        result.CoresPerNode = BenchmarkTags.Number(job.Tags, BenchmarkTags.CoresPerNode);
        result.Simulation = BenchmarkTags.Text(job.Tags, BenchmarkTags.Simulation);
        result.Resolution = BenchmarkTags.Text(job.Tags, BenchmarkTags.Resolution);
        result.BenchmarkId = BenchmarkTags.Text(job.Tags, BenchmarkTags.Id);
        result.Plan = BenchmarkTags.Text(job.Tags, BenchmarkTags.Plan);
        return result;
    }

    private async Task<string?> InstanceTypeAsync(string? containerInstance, CancellationToken ct)
    {
        if (ecs is null || containerInstance is null || JobCostCalculator.ClusterOf(containerInstance) is not { } cluster) return null;
        var found = await ecs.DescribeContainerInstancesAsync(cluster, [containerInstance], ct).ConfigureAwait(false);
        return found.SelectMany(c => c.Attributes ?? []).FirstOrDefault(a => a.Name == EcsClient.InstanceTypeAttribute)?.Value;
    }
}
