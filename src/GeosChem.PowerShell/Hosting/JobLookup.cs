using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Hosting;

/// <summary>Job ids from a cmdlet's input, and the jobs' current details, with the per-item errors both can raise.</summary>
internal static class JobLookup
{
    /// <summary>Job ids from -JobId, checked before any call so one bad id in a list loses nothing else.</summary>
    public static List<string> ValidIds(GcCmdlet cmdlet, IEnumerable<string>? ids)
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
                cmdlet.WriteItemError(ex, target: id);
            }
        }
        return valid;
    }

    /// <summary>Current details of jobs by id, 100 per DescribeJobs call; ids Batch does not know are reported as errors.</summary>
    public static IEnumerable<GcBatchJob> Describe(GcCmdlet cmdlet, BatchClient batch, IReadOnlyList<string> ids)
    {
        foreach (var chunk in ids.Chunk(BatchClient.DescribeJobsBatchSize))
        {
            var details = cmdlet.Run(ct => batch.DescribeJobsAsync(chunk, ct));
            var found = details.Select(d => BatchJobMapper.FromDetail(d, batch.Region)).ToDictionary(j => j.JobId, StringComparer.Ordinal);
            foreach (var id in chunk)
            {
                if (found.TryGetValue(id, out var job)) yield return job;
                else cmdlet.WriteItemError(GcErrors.BatchJobNotFound(id, batch.Region), target: id);
            }
        }
    }
}
