using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Running;

/// <summary>Whether a multi-node job's containers get the EFA device, and, when they do not, why (a warning).</summary>
internal sealed record EfaDecision(bool Devices, string? Warning);

/// <summary>
/// EFA for a multi-node job follows the compute environment that would run it, not the instance type alone: AWS Batch
/// gives a container the EFA device only on an instance launched with an EFA interface, which the environment's launch
/// template must ask for (terraform/multinode.tf). A job definition that maps /dev/infiniband/uverbs0 on an instance
/// without it fails to start; one without the device on an EFA instance runs MPI over TCP.
/// </summary>
internal static class EfaPlacement
{
    /// <summary>Reads a launch template's network interface types (EC2 DescribeLaunchTemplateVersions).</summary>
    public delegate Task<IReadOnlyList<string>> InterfaceReader(LaunchTemplateSpecificationShape template, CancellationToken ct);

    public static async Task<EfaDecision> DecideAsync(string jobName, int nodes, string? instanceType, IReadOnlyList<ComputeEnvironmentShape> environments,
        InterfaceReader interfaces, CancellationToken ct)
    {
        if (nodes <= 1) return new EfaDecision(false, null);
        if (instanceType is not null && InstanceCatalog.Default.Find(instanceType) is { EfaSupported: false })
        {
            return new EfaDecision(false, Tcp(jobName, nodes, $"{instanceType} has no EFA"));
        }
        var offering = environments.Where(e => e.ComputeResources is not null && PlatformFit.Offers(e, instanceType)).ToList();
        if (offering.Count == 0)
        {
            return new EfaDecision(false, Tcp(jobName, nodes, $"no compute environment of this region offers {instanceType ?? "its instances"}, so none is known to give EFA interfaces"));
        }
        foreach (var environment in offering)
        {
            if (environment.ComputeResources!.LaunchTemplate is not { } template) continue;
            var types = await interfaces(template, ct).ConfigureAwait(false);
            if (types.Any(t => t is "efa" or "efa-only")) return new EfaDecision(true, null);
        }
        var names = string.Join(", ", offering.Select(e => e.ComputeEnvironmentName));
        return new EfaDecision(false, Tcp(jobName, nodes, $"the compute environment{(offering.Count > 1 ? "s" : "")} that offer{(offering.Count > 1 ? "" : "s")} it ({names}) launch instances without an EFA interface"));
    }

    private static string Tcp(string jobName, int nodes, string why) =>
        $"'{jobName}' spans {nodes} nodes but gets no EFA device: {why}. Its MPI traffic goes over TCP, over which GCHP "
        + "scales poorly across nodes (the recommender proposes multi-node plans only over EFA); one larger node usually costs less. To use EFA, list EFA instance types in "
        + "compute.multiNodeInstanceTypes (Set-GcConfiguration) and run Deploy-GcPlatform, then register again.";
}
