using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Planning;

/// <summary>
/// What the user's platform can run, as its configuration records it (the settings Deploy-GcPlatform passes to
/// terraform, and the limits terraform reported back): the instance types of the Spot, On-Demand and EFA multi-node
/// compute environments and their vCPU limit. A plan it cannot run would sit RUNNABLE in AWS Batch forever.
/// </summary>
internal sealed record PlatformOffer(IReadOnlyList<string> SpotTypes, IReadOnlyList<string> OnDemandTypes, IReadOnlyList<string> MultiNodeTypes, int MaxVCpus, string Name)
{
    public static PlatformOffer From(GcConfiguration c) => new(
        c.Compute.SpotInstanceTypes, c.Compute.OnDemandInstanceTypes,
        c.Deployed is { } d ? d.MultiNodeInstanceTypes : c.Compute.MultiNodeInstanceTypes,
        c.Deployed?.MaxVCpus ?? c.Compute.MaxVCpus,
        c.Deployed is null ? $"the configured platform '{c.ProjectName}' (not deployed yet)" : $"the deployed platform '{c.ProjectName}'");

    /// <summary>Why the platform cannot run the plan, or null when it can.</summary>
    public string? WhyNot(InstanceSpec instance, int nodes, bool spot)
    {
        var needed = instance.VCpus * nodes;
        if (spot && !Offers(SpotTypes, instance)) return $"its Spot environment offers {List(SpotTypes)}, not {instance.InstanceType}";
        if (!spot && nodes > 1 && MultiNodeTypes.Count == 0) return "it has no EFA multi-node environment (compute.multiNodeInstanceTypes is empty)";
        if (!spot && nodes > 1 && !Offers(MultiNodeTypes, instance)) return $"its multi-node environment offers {List(MultiNodeTypes)}, not {instance.InstanceType}";
        if (!spot && nodes == 1 && !Offers(OnDemandTypes, instance) && !Offers(MultiNodeTypes, instance))
        {
            return $"its On-Demand queue offers {List([.. OnDemandTypes, .. MultiNodeTypes])}, not {instance.InstanceType}";
        }
        if (needed > MaxVCpus) return $"the plan needs {needed} vCPUs at once and its compute environments may run {MaxVCpus}";
        return null;
    }

    /// <summary>AWS Batch's "optimal": instance types of the C4, M4 and R4 families, or C5, M5 and R5 where those are not offered.</summary>
    private static readonly string[] OptimalFamilies = ["c4", "m4", "r4", "c5", "m5", "r5"];

    /// <summary>As AWS Batch reads a compute environment's instance types: a type, its family, or "optimal".</summary>
    private static bool Offers(IReadOnlyList<string> types, InstanceSpec instance) =>
        types.Any(t => t == instance.InstanceType || t == instance.Family || (t == "optimal" && OptimalFamilies.Contains(instance.Family)));

    private static string List(IReadOnlyList<string> types) => types.Count == 0 ? "nothing" : string.Join(", ", types);
}
