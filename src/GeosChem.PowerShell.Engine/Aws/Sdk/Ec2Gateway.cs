using Amazon.EC2;
using Amazon.EC2.Model;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws.Sdk;

/// <summary>An instance counted against the vCPU quotas: its type and whether it is Spot.</summary>
internal sealed record ActiveInstance(string InstanceId, string InstanceType, bool IsSpot, string State);

/// <summary>The facts of an instance type that quota and sizing decisions need.</summary>
internal sealed record InstanceTypeFacts(string InstanceType, int VCpus, int Cores, double MemoryGiB, IReadOnlyList<string> Architectures, bool EfaSupported = false);

/// <summary>The current Linux Spot price of an instance type in one Availability Zone.</summary>
internal sealed record SpotQuote(string InstanceType, string AvailabilityZone, double UsdPerHour, DateTime Timestamp);

internal interface IEc2Gateway
{
    Task<IReadOnlyList<ActiveInstance>> DescribeActiveInstancesAsync(CancellationToken cancellationToken);
    Task<IReadOnlyList<InstanceTypeFacts>> DescribeInstanceTypesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken);
    Task<IReadOnlyList<SpotQuote>> DescribeCurrentSpotPricesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken);
    Task<IReadOnlyList<string>> DescribeLaunchTemplateInterfaceTypesAsync(string? launchTemplateId, string? launchTemplateName, string? version, CancellationToken cancellationToken);
}

internal sealed class Ec2Gateway(AwsContext context, IAmazonEC2 client) : IEc2Gateway
{
    private readonly Uri _endpoint = context.EndpointFor(AwsServiceDescriptor.Ec2);

    public async Task<IReadOnlyList<ActiveInstance>> DescribeActiveInstancesAsync(CancellationToken cancellationToken)
    {
        var found = new List<ActiveInstance>();
        string? token = null;
        do
        {
            var request = new DescribeInstancesRequest
            {
                Filters = [new Filter("instance-state-name", ["pending", "running"])],
                MaxResults = 1000,
                NextToken = token,
            };
            var page = await SdkCall.Run(AwsServiceDescriptor.Ec2, "DescribeInstances", context, _endpoint,
                () => client.DescribeInstancesAsync(request, cancellationToken)).ConfigureAwait(false);
            foreach (var instance in (page.Reservations ?? []).SelectMany(r => r.Instances ?? []))
            {
                var spot = instance.InstanceLifecycle?.Value == "spot";
                found.Add(new ActiveInstance(instance.InstanceId, instance.InstanceType?.Value ?? "", spot, instance.State?.Name?.Value ?? ""));
            }
            token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
        } while (token is not null);
        return found;
    }

    /// <summary>Spot price history from now: the price currently in force in each Availability Zone.</summary>
    public async Task<IReadOnlyList<SpotQuote>> DescribeCurrentSpotPricesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken)
    {
        var quotes = new List<SpotQuote>();
        foreach (var batch in instanceTypes.Distinct(StringComparer.Ordinal).Chunk(50))
        {
            string? token = null;
            do
            {
                var request = new DescribeSpotPriceHistoryRequest
                {
                    InstanceTypes = [.. batch],
                    ProductDescriptions = ["Linux/UNIX"],
                    StartTime = DateTime.UtcNow,
                    MaxResults = 1000,
                    NextToken = token,
                };
                var page = await SdkCall.Run(AwsServiceDescriptor.Ec2, "DescribeSpotPriceHistory", context, _endpoint,
                    () => client.DescribeSpotPriceHistoryAsync(request, cancellationToken)).ConfigureAwait(false);
                foreach (var price in page.SpotPriceHistory ?? [])
                {
                    if (double.TryParse(price.Price, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var usd))
                    {
                        quotes.Add(new SpotQuote(price.InstanceType.Value, price.AvailabilityZone, usd, price.Timestamp ?? DateTime.UtcNow));
                    }
                }
                token = string.IsNullOrEmpty(page.NextToken) ? null : page.NextToken;
            } while (token is not null);
        }
        return quotes;
    }

    public async Task<IReadOnlyList<InstanceTypeFacts>> DescribeInstanceTypesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken)
    {
        var result = new List<InstanceTypeFacts>();
        foreach (var batch in instanceTypes.Distinct(StringComparer.Ordinal).Chunk(100))
        {
            var request = new DescribeInstanceTypesRequest { InstanceTypes = [.. batch] };
            DescribeInstanceTypesResponse page;
            try
            {
                page = await SdkCall.Run(AwsServiceDescriptor.Ec2, "DescribeInstanceTypes", context, _endpoint,
                    () => client.DescribeInstanceTypesAsync(request, cancellationToken)).ConfigureAwait(false);
            }
            catch (AwsServiceException ex) when (ex.ErrorCode == "InvalidInstanceType")
            {
                throw new GcException(ErrorIds.InstanceTypeUnknown, GcErrorKind.ObjectNotFound,
                    $"EC2 in {context.Region} does not know the instance type(s) {string.Join(", ", batch)}: {ex.Problem}",
                    "Check the spelling (for example c7i.16xlarge); tab completion on -InstanceType lists the catalog.", string.Join(",", batch), ex);
            }
            foreach (var info in page.InstanceTypes ?? [])
            {
                result.Add(new InstanceTypeFacts(info.InstanceType.Value, info.VCpuInfo?.DefaultVCpus ?? 0, info.VCpuInfo?.DefaultCores ?? 0,
                    (info.MemoryInfo?.SizeInMiB ?? 0) / 1024.0, info.ProcessorInfo?.SupportedArchitectures?.ToList() ?? [],
                    info.NetworkInfo?.EfaSupported ?? false));
            }
        }
        return result;
    }

    /// <summary>
    /// The network interface types ("interface", "efa", "efa-only") of one launch template version, as a compute
    /// environment launches its instances: the EFA interfaces a multi-node job's containers can be given.
    /// </summary>
    public async Task<IReadOnlyList<string>> DescribeLaunchTemplateInterfaceTypesAsync(string? launchTemplateId, string? launchTemplateName, string? version,
        CancellationToken cancellationToken)
    {
        var request = new DescribeLaunchTemplateVersionsRequest
        {
            LaunchTemplateId = launchTemplateId,
            LaunchTemplateName = launchTemplateId is null ? launchTemplateName : null,
            Versions = [version is { Length: > 0 } v ? v : "$Default"],
        };
        var page = await SdkCall.Run(AwsServiceDescriptor.Ec2, "DescribeLaunchTemplateVersions", context, _endpoint,
            () => client.DescribeLaunchTemplateVersionsAsync(request, cancellationToken)).ConfigureAwait(false);
        return [.. (page.LaunchTemplateVersions ?? []).SelectMany(t => t.LaunchTemplateData?.NetworkInterfaces ?? [])
            .Select(n => n.InterfaceType ?? "interface")];
    }
}
