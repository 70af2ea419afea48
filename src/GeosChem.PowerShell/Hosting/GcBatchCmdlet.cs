using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Ecs;
using GeosChem.PowerShell.Aws.Logs;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Hosting;

/// <summary>Base of the job cmdlets: Batch, CloudWatch Logs and ECS clients, and queue/definition lookups, once per region.</summary>
public abstract class GcBatchCmdlet : GcAwsCmdlet
{
    private readonly Dictionary<string, (BatchClient Batch, BatchDirectory Directory)> _batch = new(StringComparer.Ordinal);

    private protected (BatchClient Batch, BatchDirectory Directory) BatchFor(AwsContext context)
    {
        if (_batch.TryGetValue(context.Region, out var known)) return known;
        var client = new BatchClient(Own(NewProtocolClient(AwsServiceDescriptor.Batch, context, AwsJson.CamelCase)));
        return _batch[context.Region] = (client, new BatchDirectory(client));
    }

    private protected LogsClient CreateLogsClient(AwsContext context) =>
        new(Own(NewProtocolClient(AwsServiceDescriptor.CloudWatchLogs, context, AwsJson.CamelCase)));

    private protected EcsClient CreateEcsClient(AwsContext context) =>
        new(Own(NewProtocolClient(AwsServiceDescriptor.Ecs, context, AwsJson.CamelCase)));

    /// <summary>Current details of jobs by id, 100 per DescribeJobs call; ids Batch does not know are reported as errors.</summary>
    private protected IEnumerable<GcBatchJob> DescribeJobs(BatchClient batch, IReadOnlyList<string> ids)
    {
        foreach (var chunk in ids.Chunk(BatchClient.DescribeJobsBatchSize))
        {
            var details = Run(ct => batch.DescribeJobsAsync(chunk, ct));
            var found = details.Select(d => BatchJobMapper.FromDetail(d, batch.Region)).ToDictionary(j => j.JobId, StringComparer.Ordinal);
            foreach (var id in chunk)
            {
                if (found.TryGetValue(id, out var job)) yield return job;
                else WriteItemError(JobNotFound(id, batch.Region), "GcBatchJobNotFound", id);
            }
        }
    }

    private protected static GcException JobNotFound(string id, string region) =>
        new("GcBatchJobNotFound", GcErrorKind.ObjectNotFound, $"AWS Batch in {region} has no job '{id}'.",
            "Check the id and the -Region; Batch keeps finished jobs for about a week.", id);

    /// <summary>Job ids from -JobId, checked before any call so one bad id in a list loses nothing else.</summary>
    private protected List<string> ValidIds(IEnumerable<string>? ids)
    {
        var valid = new List<string>();
        foreach (var id in ids ?? [])
        {
            try
            {
                valid.Add(BatchInput.JobId(id));
            }
            catch (GcException ex)
            {
                WriteItemError(ex, ex.ErrorId, id);
            }
        }
        return valid;
    }
}
