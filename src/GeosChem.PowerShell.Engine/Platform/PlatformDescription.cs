using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Platform;

/// <summary>A configuration's platform as Get-GcPlatform shows it.</summary>
internal static class PlatformDescription
{
    public static GcPlatform Of(GcConfiguration c, int problems) => new()
    {
        ProjectName = c.ProjectName,
        Region = c.Deployed?.Region ?? c.Region ?? "",
        Status = c.Deployed is null ? PlatformStatus.NotDeployed : problems == 0 ? PlatformStatus.Healthy : PlatformStatus.Degraded,
        SpotJobQueue = c.Deployed?.SpotJobQueue,
        OnDemandJobQueue = c.Deployed?.OnDemandJobQueue,
        ComputeEnvironments = c.Deployed?.ComputeEnvironments ?? [],
        EcrRepositoryUri = c.Deployed?.EcrRepositoryUri,
        ResultsBucket = c.Deployed?.ResultsBucket,
        VpcId = c.Deployed?.VpcId,
        SubnetIds = c.Deployed?.SubnetIds ?? [],
        MaxVCpus = c.Deployed?.MaxVCpus,
        // What is deployed when it is, else what the configuration would deploy.
        MultiNodeInstanceTypes = c.Deployed is { } d ? d.MultiNodeInstanceTypes : c.Compute.MultiNodeInstanceTypes,
        Efa = (c.Deployed?.MultiNodeInstanceTypes ?? c.Compute.MultiNodeInstanceTypes).Length > 0,
        FsxLustreGiB = c.Deployed is { } deployed ? deployed.FsxLustreGiB ?? 0 : c.Storage.FsxLustreGiB,
        InputDataMount = c.Deployed?.InputDataMount,
        DeployedAt = c.Deployed?.DeployedAt,
        Problems = problems,
        ConfigurationPath = c.Path,
    };
}
