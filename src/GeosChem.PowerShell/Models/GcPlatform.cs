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
    public DateTime? DeployedAt { get; set; }
    public int Problems { get; set; }
    public string ConfigurationPath { get; set; } = "";
}
