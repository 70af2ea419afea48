namespace GeosChem.PowerShell.Models;

/// <summary>The deployed platform: what the configuration records and, from AWS, whether it is healthy.</summary>
public sealed class GcPlatform
{
    public string ProjectName { get; set; } = "";
    public string Region { get; set; } = "";
    /// <summary>NotDeployed, Healthy or Degraded (Test-GcPlatform lists the problems).</summary>
    public string Status { get; set; } = "NotDeployed";
    public string? SpotJobQueue { get; set; }
    public string? OnDemandJobQueue { get; set; }
    public string[] ComputeEnvironments { get; set; } = [];
    public string? EcrRepositoryUri { get; set; }
    public string? ResultsBucket { get; set; }
    public string? VpcId { get; set; }
    public string[] SubnetIds { get; set; } = [];
    public int? MaxVCpus { get; set; }
    /// <summary>Instance types of the EFA multi-node environment; empty: multi-node jobs run over TCP.</summary>
    public string[] MultiNodeInstanceTypes { get; set; } = [];
    /// <summary>True when the platform has an EFA multi-node environment.</summary>
    public bool Efa { get; set; }
    /// <summary>Size of the FSx for Lustre input data file system (GiB); 0 without one.</summary>
    public int FsxLustreGiB { get; set; }
    /// <summary>Where the input data file system is mounted on Batch instances; null without FSx.</summary>
    public string? InputDataMount { get; set; }
    public DateTime? DeployedAt { get; set; }
    public int Problems { get; set; }
    public string ConfigurationPath { get; set; } = "";
}
