using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Whether a job may share physical cores with another job. AWS Batch packs jobs onto an instance by vCPU, and ECS
/// gives each container CPU shares, not pinned cores, so on an instance with two hardware threads per core two jobs
/// can run on sibling threads of the same cores. Only a job that reserves all of its instance's vCPUs has the
/// instance, and so all of its physical cores, to itself (a job definition from a recommendation does).
/// </summary>
internal static class CoreSharing
{
    public static string? Warning(JobDefinitionSpec spec)
    {
        if (spec.InstanceType is null || InstanceCatalog.Default.Find(spec.InstanceType) is not { } instance) return null;
        if (instance.PhysicalCores >= instance.VCpus || spec.VCpus >= instance.VCpus) return null;
        return $"'{spec.Name}' reserves {spec.VCpus} of {instance.InstanceType}'s {instance.VCpus} vCPUs ({instance.PhysicalCores} cores, 2 threads each). "
            + "AWS Batch may place another job on the same instance, and containers get CPU shares rather than cores, so the two can share physical cores "
            + $"through hyper-threading and run slower than estimated. Ask for all {instance.VCpus} vCPUs (as a Get-GcInstanceRecommendation plan does) to have the instance to itself.";
    }
}
