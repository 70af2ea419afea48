using GeosChem.PowerShell.Aws.Batch;

namespace GeosChem.PowerShell.Running;

/// <summary>A job definition's newest active revision, and whether a request is already said by it (then no new revision is registered).</summary>
internal static class JobDefinitionRegistry
{
    public static async Task<JobDefinitionShape?> NewestAsync(BatchClient batch, string name, CancellationToken ct)
    {
        JobDefinitionShape? newest = null;
        var query = new DescribeJobDefinitionsRequest(JobDefinitionName: name, Status: "ACTIVE");
        await foreach (var d in batch.DescribeJobDefinitionsAsync(query, ct).ConfigureAwait(false))
        {
            if (newest is null || d.Revision > newest.Revision) newest = d;
        }
        return newest;
    }

    /// <summary>The definition to submit to: the newest revision when it already means <paramref name="request"/>, else a new one.</summary>
    public static async Task<(string Definition, bool Registered)> EnsureAsync(BatchClient batch, RegisterJobDefinitionRequest request, CancellationToken ct)
    {
        var existing = await NewestAsync(batch, request.JobDefinitionName, ct).ConfigureAwait(false);
        if (existing is not null && JobDefinitionBuilder.Satisfies(existing, request)) return ($"{existing.JobDefinitionName}:{existing.Revision}", false);
        var response = await batch.RegisterJobDefinitionAsync(request, ct).ConfigureAwait(false);
        return ($"{response.JobDefinitionName}:{response.Revision}", true);
    }
}
