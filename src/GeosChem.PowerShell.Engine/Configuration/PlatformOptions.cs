using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Configuration;

/// <summary>
/// Checks of the platform's optional parts (terraform/multinode.tf and fsx.tf): the EFA multi-node environment and the
/// FSx for Lustre input data file system. Each names what AWS would refuse, or what would quietly not work.
/// </summary>
internal static class PlatformOptions
{
    /// <summary>SCRATCH_2 storage: 1,200 GiB, 2,400 GiB, then steps of 2,400 GiB (FSx CreateFileSystem StorageCapacity).</summary>
    public const int FsxSmallestGiB = 1200;
    public const int FsxStepGiB = 2400;

    /// <summary>SCRATCH_2 in us-east-1, USD per GB-month (AWS FSx for Lustre pricing; terraform/fsx.tf states the same).</summary>
    public const double FsxUsdPerGibMonth = 0.14;

    public static bool FsxSizeAllowed(int gib) => gib == 0 || gib == FsxSmallestGiB || (gib > 0 && gib % FsxStepGiB == 0);

    public static void CheckFsx(int gib, Action<string, string, string, object?> error, Action<string, string, string, object?> warn)
    {
        const string setting = "storage.fsxLustreGiB";
        if (!FsxSizeAllowed(gib))
        {
            var up = gib < FsxSmallestGiB ? FsxSmallestGiB : (gib + FsxStepGiB - 1) / FsxStepGiB * FsxStepGiB;
            error(setting, $"{gib} GiB is not a size FSx for Lustre (SCRATCH_2) creates: 0 (none), 1200, 2400, or a multiple of 2400.",
                $"Use {up} GiB, or 0 for no file system.", gib);
        }
        else if (gib > 0)
        {
            warn(setting, $"An FSx for Lustre file system of {gib} GiB costs about {gib * FsxUsdPerGibMonth:0} USD a month in us-east-1 whether or not jobs run.",
                "Set it back to 0 and run Deploy-GcPlatform between campaigns if staging input data per job costs you less.", gib);
        }
    }

    public static void CheckMultiNode(GcComputeSettings compute, Action<string, string, string, object?> error, Action<string, string, string, object?> warn)
    {
        const string setting = "compute.multiNodeInstanceTypes";
        var types = compute.MultiNodeInstanceTypes;
        if (types.Length == 0) return;
        var catalog = InstanceCatalog.Default;
        foreach (var type in types)
        {
            var spec = catalog.Find(type);
            if (spec is null)
            {
                var efaSizes = catalog.Specs.Where(s => s.Family == type && s.EfaSupported).Select(s => s.InstanceType).ToList();
                error(setting, $"'{type}' is not an instance type in the catalog; the multi-node environment needs exact sizes, because Batch would otherwise launch sizes without EFA.",
                    efaSizes.Count > 0 ? $"Name the EFA sizes of {type}: {string.Join(", ", efaSizes)}." : "Name EFA instance types such as hpc7a.96xlarge or c7i.48xlarge.", type);
            }
            else if (!spec.EfaSupported)
            {
                var alternatives = catalog.Specs.Where(s => s.Family == spec.Family && s.EfaSupported).Select(s => s.InstanceType).ToList();
                error(setting, $"{type} does not support EFA, and the multi-node environment's launch template gives every instance an EFA interface, so its instances would not launch.",
                    alternatives.Count > 0 ? $"Use an EFA size of the family: {string.Join(", ", alternatives)}." : "Use EFA instance types such as hpc7a.96xlarge or c7i.48xlarge.", type);
            }
        }
        var own = Architectures(types);
        if (own.Count > 1)
        {
            error(setting, $"The list mixes {string.Join(" and ", own)} instance types; a compute environment launches one image, of one architecture.",
                "Keep one architecture in the list.", string.Join(",", types));
        }
        var onDemand = Architectures(compute.OnDemandInstanceTypes);
        if (own.Count == 1 && onDemand.Count == 1 && own[0] != onDemand[0])
        {
            error(setting, $"The multi-node environment ({own[0]}) joins the On-Demand queue, whose other environment is {onDemand[0]}; AWS Batch requires a queue's compute environments to share one architecture.",
                $"Use {onDemand[0]} EFA instance types here, or switch compute.onDemandInstanceTypes to {own[0]}.", string.Join(",", types));
        }
        var overlap = types.Where(t => compute.OnDemandInstanceTypes.Any(o => o == t || o == t.Split('.')[0])).ToList();
        if (overlap.Count > 0)
        {
            error(setting, $"{string.Join(", ", overlap)} is also offered by the On-Demand environment, which comes first in the queue and has no EFA interface or placement group, so multi-node jobs could land there and run over TCP.",
                $"Remove {string.Join(", ", overlap)} from compute.onDemandInstanceTypes.", string.Join(",", overlap));
        }
        var smallest = types.Select(t => catalog.Find(t)?.VCpus ?? 0).Where(v => v > 0).DefaultIfEmpty(0).Min();
        if (smallest > 0 && compute.MaxVCpus < 2 * smallest)
        {
            warn("compute.maxVCpus", $"{compute.MaxVCpus} vCPUs is less than two nodes of {smallest} vCPUs, so the multi-node environment can never run a multi-node job.",
                $"Raise compute.maxVCpus to at least {2 * smallest} (and the vCPU quota with it).", compute.MaxVCpus);
        }
    }

    /// <summary>The architectures of the listed types and families, as the catalog knows them.</summary>
    public static List<string> Architectures(IEnumerable<string> types)
    {
        var catalog = InstanceCatalog.Default;
        return types.Select(t => catalog.Find(t)?.Architecture ?? catalog.Specs.FirstOrDefault(s => s.Family == t)?.Architecture)
            .OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
    }
}
