using GeosChem.PowerShell.Aws.Protocol;

namespace GeosChem.PowerShell.Aws.Batch;

/// <summary>AWS Batch over our rest-json protocol client (POST /v1/&lt;operation&gt;).</summary>
internal sealed class BatchClient(AwsProtocolClient protocol) : IBatchClient
{
    /// <summary>DescribeJobs takes at most this many ids per call.</summary>
    public const int DescribeJobsBatchSize = 100;

    public string Region => protocol.Region;

    private Task<T> Call<T>(string operation, object request, CancellationToken ct, bool idempotent = true) =>
        protocol.CallRestJsonAsync<T>(operation, HttpMethod.Post, "v1/" + operation.ToLowerInvariant(), request, ct, idempotent);

    public Task<RegisterJobDefinitionResponse> RegisterJobDefinitionAsync(RegisterJobDefinitionRequest request, CancellationToken ct) =>
        Call<RegisterJobDefinitionResponse>("RegisterJobDefinition", request, ct);

    public IAsyncEnumerable<JobDefinitionShape> DescribeJobDefinitionsAsync(DescribeJobDefinitionsRequest request, CancellationToken ct) =>
        Paging.Items(
            (token, c) => Call<DescribeJobDefinitionsResponse>("DescribeJobDefinitions", request with { NextToken = token, MaxResults = 100 }, c),
            page => page.NextToken, page => page.JobDefinitions, ct);

    public Task<SubmitJobResponse> SubmitJobAsync(SubmitJobRequest request, CancellationToken ct) =>
        Call<SubmitJobResponse>("SubmitJob", request, ct, idempotent: false);

    public async Task<IReadOnlyList<JobDetailShape>> DescribeJobsAsync(IReadOnlyList<string> jobIds, CancellationToken ct)
    {
        if (jobIds.Count > DescribeJobsBatchSize) throw new ArgumentException($"DescribeJobs takes at most {DescribeJobsBatchSize} ids.", nameof(jobIds));
        if (jobIds.Count == 0) return [];
        var response = await Call<DescribeJobsResponse>("DescribeJobs", new DescribeJobsRequest([.. jobIds]), ct).ConfigureAwait(false);
        return response.Jobs ?? [];
    }

    public IAsyncEnumerable<JobSummaryShape> ListJobsAsync(ListJobsRequest request, CancellationToken ct) =>
        Paging.Items(
            (token, c) => Call<ListJobsResponse>("ListJobs", request with { NextToken = token, MaxResults = 100 }, c),
            page => page.NextToken, page => page.JobSummaryList, ct);

    public Task TerminateJobAsync(string jobId, string reason, CancellationToken ct) =>
        Call<EmptyResponse>("TerminateJob", new StopJobRequest(jobId, reason), ct);

    public Task CancelJobAsync(string jobId, string reason, CancellationToken ct) =>
        Call<EmptyResponse>("CancelJob", new StopJobRequest(jobId, reason), ct);

    public IAsyncEnumerable<JobQueueShape> DescribeJobQueuesAsync(IReadOnlyList<string>? names, CancellationToken ct) =>
        Paging.Items(
            (token, c) => Call<DescribeJobQueuesResponse>("DescribeJobQueues", new DescribeJobQueuesRequest(names is null ? null : [.. names], 100, token), c),
            page => page.NextToken, page => page.JobQueues, ct);

    public IAsyncEnumerable<ComputeEnvironmentShape> DescribeComputeEnvironmentsAsync(IReadOnlyList<string>? names, CancellationToken ct) =>
        Paging.Items(
            (token, c) => Call<DescribeComputeEnvironmentsResponse>("DescribeComputeEnvironments", new DescribeComputeEnvironmentsRequest(names is null ? null : [.. names], 100, token), c),
            page => page.NextToken, page => page.ComputeEnvironments, ct);
}

/// <summary>The Batch operations the module uses; a seam for tests.</summary>
internal interface IBatchClient
{
    string Region { get; }
    Task<RegisterJobDefinitionResponse> RegisterJobDefinitionAsync(RegisterJobDefinitionRequest request, CancellationToken ct);
    IAsyncEnumerable<JobDefinitionShape> DescribeJobDefinitionsAsync(DescribeJobDefinitionsRequest request, CancellationToken ct);
    Task<SubmitJobResponse> SubmitJobAsync(SubmitJobRequest request, CancellationToken ct);
    Task<IReadOnlyList<JobDetailShape>> DescribeJobsAsync(IReadOnlyList<string> jobIds, CancellationToken ct);
    IAsyncEnumerable<JobSummaryShape> ListJobsAsync(ListJobsRequest request, CancellationToken ct);
    Task TerminateJobAsync(string jobId, string reason, CancellationToken ct);
    Task CancelJobAsync(string jobId, string reason, CancellationToken ct);
    IAsyncEnumerable<JobQueueShape> DescribeJobQueuesAsync(IReadOnlyList<string>? names, CancellationToken ct);
    IAsyncEnumerable<ComputeEnvironmentShape> DescribeComputeEnvironmentsAsync(IReadOnlyList<string>? names, CancellationToken ct);
}
