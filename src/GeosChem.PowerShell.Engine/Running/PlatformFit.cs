using System.Globalization;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Whether a job can ever start on a queue's compute environments. AWS Batch accepts a job that no environment can
/// place and leaves it RUNNABLE forever: one node's vCPUs (all nodes' for a multi-node job, which runs in one
/// environment) above every environment's maxvCpus, or an instance type no environment offers. Checked before submitting.
/// </summary>
internal static class PlatformFit
{
    public static void Check(JobDefinitionShape definition, QueueInfo queue, int? nodeOverride, string jobName)
    {
        var multiNode = definition.Type == "multinode";
        var container = definition.ContainerProperties ?? definition.NodeProperties?.NodeRangeProperties.FirstOrDefault()?.Container;
        var nodes = multiNode ? nodeOverride ?? definition.NodeProperties?.NumNodes ?? 1 : 1;
        Check(VCpus(container), nodes, container?.InstanceType, queue.Environments, $"queue '{queue.Name}'", jobName);
    }

    /// <summary>
    /// At registration: a definition no compute environment of the region is large enough for is an error; one whose
    /// instance type no environment offers yet is returned as a warning (the platform may be redeployed with it).
    /// </summary>
    public static string? Check(RegisterJobDefinitionRequest request, IReadOnlyList<ComputeEnvironmentShape> environments, string name)
    {
        var container = request.ContainerProperties ?? request.NodeProperties?.NodeRangeProperties.FirstOrDefault()?.Container;
        var nodes = request.NodeProperties?.NumNodes ?? 1;
        Check(VCpus(container), nodes, null, environments, "this region's platform", name);
        try
        {
            Check(VCpus(container), nodes, container?.InstanceType, environments, "this region's platform", name);
            return null;
        }
        catch (GcException ex)
        {
            return $"{ex.Message} {ex.Fix}";
        }
    }

    public static int VCpus(ContainerPropertiesShape? container) =>
        int.TryParse(container?.ResourceRequirements?.FirstOrDefault(r => r.Type == "VCPU")?.Value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : 0;

    private static void Check(int perNode, int nodes, string? instanceType, IReadOnlyList<ComputeEnvironmentShape> all, string where, string jobName)
    {
        var environments = all.Where(e => e.ComputeResources is not null).ToList();
        if (environments.Count == 0) return; // nothing known to check against (no platform yet, or unmanaged environments)
        var needed = perNode * nodes;

        var fitting = environments.Where(e => e.ComputeResources!.MaxvCpus >= needed && Offers(e, instanceType)).ToList();
        if (fitting.Count > 0) return;
        var largest = environments.Max(e => e.ComputeResources!.MaxvCpus);
        var offered = environments.SelectMany(e => e.ComputeResources!.InstanceTypes ?? []).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var why = needed > largest
            ? $"it needs {needed} vCPUs{(nodes > 1 ? $" ({nodes} nodes x {perNode})" : "")} at once, and the largest compute environment of {where} may run {largest}"
            : $"it asks for {instanceType}, which no compute environment of {where} offers ({string.Join(", ", offered)})";
        throw new GcException(ErrorIds.JobTooLargeForPlatform, GcErrorKind.InvalidOperation,
            $"'{jobName}' could never start: {why}. AWS Batch would accept it and leave it RUNNABLE forever.",
            needed > largest
                ? $"Use fewer or smaller nodes (Get-GcInstanceRecommendation with -Top and a smaller plan), or raise compute.maxVCpus (Set-GcConfiguration) and the vCPU quota, then Deploy-GcPlatform."
                : "Register the definition for an offered instance type, or add the type to the platform's instance types and Deploy-GcPlatform.",
            jobName);
    }

    /// <summary>An environment offers a type when it lists it, its family ("c7i" offers c7i.48xlarge), or "optimal"/nothing.</summary>
    public static bool Offers(ComputeEnvironmentShape environment, string? instanceType)
    {
        if (instanceType is null) return true;
        var types = environment.ComputeResources!.InstanceTypes ?? [];
        if (types.Count == 0 || types.Contains("optimal")) return true;
        var family = instanceType.Split('.')[0];
        return types.Any(t => t == instanceType || t == family);
    }
}
