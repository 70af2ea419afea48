using GeosChem.PowerShell.Aws.Protocol;

namespace GeosChem.PowerShell.Aws.Ecs;

internal sealed record DescribeContainerInstancesRequest(string Cluster, List<string> ContainerInstances);

internal sealed record EcsAttribute(string Name, string? Value);

internal sealed record ContainerInstanceShape(string ContainerInstanceArn, string? Ec2InstanceId, List<EcsAttribute>? Attributes);

internal sealed record DescribeContainerInstancesResponse(List<ContainerInstanceShape>? ContainerInstances);

/// <summary>
/// Amazon ECS (json 1.1, camelCase), used only to learn which EC2 instance type ran a Batch attempt: Batch names the
/// container instance, ECS knows its instance type. No ECS SDK is served here, so it goes through our protocol layer.
/// </summary>
internal sealed class EcsClient(AwsProtocolClient protocol)
{
    public const string InstanceTypeAttribute = "ecs.instance-type";

    public async Task<IReadOnlyList<ContainerInstanceShape>> DescribeContainerInstancesAsync(string cluster, IReadOnlyList<string> arns, CancellationToken ct)
    {
        var response = await protocol.CallJsonAsync<DescribeContainerInstancesResponse>("DescribeContainerInstances",
            new DescribeContainerInstancesRequest(cluster, [.. arns]), ct).ConfigureAwait(false);
        return response.ContainerInstances ?? [];
    }
}
