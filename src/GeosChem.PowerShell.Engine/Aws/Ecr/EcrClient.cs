using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws.Ecr;

internal sealed record EcrRepositoryShape(string RepositoryName, string RepositoryUri, string? RepositoryArn, DateTime? CreatedAt, string? ImageTagMutability = null);

internal sealed record ImageScanStatusShape(string? Status, string? Description);

internal sealed record ImageDetailShape
{
    public string RepositoryName { get; init; } = "";
    public string ImageDigest { get; init; } = "";
    public List<string>? ImageTags { get; init; }
    public long? ImageSizeInBytes { get; init; }
    public DateTime? ImagePushedAt { get; init; }
    public ImageScanStatusShape? ImageScanStatus { get; init; }
}

/// <summary>As terraform/ecr.tf makes it: immutable tags, scan on push.</summary>
internal sealed record CreateRepositoryRequest(string RepositoryName, ImageScanningConfigurationShape ImageScanningConfiguration, string ImageTagMutability = "IMMUTABLE");

internal sealed record ImageScanningConfigurationShape(bool ScanOnPush);

internal sealed record CreateRepositoryResponse(EcrRepositoryShape? Repository);

internal sealed record DescribeRepositoriesRequest(List<string>? RepositoryNames = null, string? NextToken = null, int? MaxResults = null);

internal sealed record DescribeRepositoriesResponse(List<EcrRepositoryShape>? Repositories, string? NextToken);

internal sealed record DescribeImagesRequest(string RepositoryName, string? NextToken = null, int? MaxResults = null);

internal sealed record DescribeImagesResponse(List<ImageDetailShape>? ImageDetails, string? NextToken);

/// <summary>Amazon ECR over our json 1.1 protocol client (camelCase members).</summary>
internal sealed class EcrClient(AwsProtocolClient protocol)
{
    public string Region => protocol.Region;

    /// <summary>The repository, created (with scan on push) if it does not exist yet.</summary>
    public async Task<EcrRepositoryShape> EnsureRepositoryAsync(string name, CancellationToken ct)
    {
        try
        {
            var found = await protocol.CallJsonAsync<DescribeRepositoriesResponse>("DescribeRepositories", new DescribeRepositoriesRequest([name]), ct).ConfigureAwait(false);
            if (found.Repositories?.FirstOrDefault() is { } existing) return existing;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryNotFoundException")
        {
        }
        try
        {
            var created = await protocol.CallJsonAsync<CreateRepositoryResponse>("CreateRepository",
                new CreateRepositoryRequest(name, new ImageScanningConfigurationShape(true)), ct).ConfigureAwait(false);
            return created.Repository!;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryAlreadyExistsException")
        {
            var again = await protocol.CallJsonAsync<DescribeRepositoriesResponse>("DescribeRepositories", new DescribeRepositoriesRequest([name]), ct).ConfigureAwait(false);
            return again.Repositories!.First();
        }
    }

    /// <summary>The repository, or null when it does not exist.</summary>
    public async Task<EcrRepositoryShape?> FindRepositoryAsync(string name, CancellationToken ct)
    {
        try
        {
            var found = await protocol.CallJsonAsync<DescribeRepositoriesResponse>("DescribeRepositories", new DescribeRepositoriesRequest([name]), ct).ConfigureAwait(false);
            return found.Repositories?.FirstOrDefault();
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "RepositoryNotFoundException")
        {
            return null;
        }
    }

    public IAsyncEnumerable<ImageDetailShape> DescribeImagesAsync(string repository, CancellationToken ct) =>
        Paging.Items(
            (token, c) => protocol.CallJsonAsync<DescribeImagesResponse>("DescribeImages", new DescribeImagesRequest(repository, token, 100), c),
            page => page.NextToken, page => page.ImageDetails, ct);
}
