using System.Text.Json.Serialization;

namespace GeosChem.PowerShell.Models;

/// <summary>
/// The per-user configuration (config.json; schema docs/configuration.schema.json): where the platform lives, how it is
/// sized, budgets, defaults for the job cmdlets, and what Deploy-GcPlatform recorded of the deployed resources.
/// </summary>
public sealed class GcConfiguration
{
    [JsonPropertyName("$schema")]
    public string Schema { get; set; } = SchemaUrl;

    public int SchemaVersion { get; set; } = 1;
    public string? Region { get; set; }
    public string? Profile { get; set; }
    public string ProjectName { get; set; } = "geoschem";
    public GcNetworkSettings Network { get; set; } = new();
    public GcComputeSettings Compute { get; set; } = new();
    public GcStorageSettings Storage { get; set; } = new();
    public GcBudgetSettings Budget { get; set; } = new();
    public GcDefaultSettings Defaults { get; set; } = new();
    public GcTerraformSettings Terraform { get; set; } = new();
    public GcDeployment? Deployed { get; set; }

    /// <summary>The file this configuration was read from or will be written to (not stored in it).</summary>
    [JsonIgnore]
    public string Path { get; set; } = "";

    public const string SchemaUrl = "https://github.com/geoschem-powershell/GeosChem.PowerShell/blob/main/docs/configuration.schema.json";
}

public sealed class GcNetworkSettings
{
    public bool CreateVpc { get; set; } = true;
    public string VpcCidr { get; set; } = "10.42.0.0/16";
    /// <summary>Private subnets behind a NAT gateway (costs about 33 USD a month) instead of public subnets.</summary>
    public bool PrivateSubnets { get; set; }
    public int AvailabilityZones { get; set; } = 3;
    public bool VpcEndpoints { get; set; } = true;
    public string? ExistingVpcId { get; set; }
    public string[] ExistingSubnetIds { get; set; } = [];
}

public sealed class GcComputeSettings
{
    public int MaxVCpus { get; set; } = 256;
    public string[] SpotInstanceTypes { get; set; } = ["c7i", "c6i", "c7a", "m7i", "r7i"];
    public string[] OnDemandInstanceTypes { get; set; } = ["c7i", "c7a", "hpc7a.96xlarge"];
    /// <summary>
    /// EFA instance types (exact sizes) of an optional multi-node environment with an EFA launch template and a cluster
    /// placement group (terraform/multinode.tf); empty: none, and multi-node jobs run over TCP.
    /// </summary>
    public string[] MultiNodeInstanceTypes { get; set; } = [];
    public int RootVolumeGiB { get; set; } = 200;
}

public sealed class GcStorageSettings
{
    /// <summary>
    /// Size of an FSx for Lustre (SCRATCH_2) file system linked to s3://geos-chem and mounted at /fsx on every Batch
    /// instance (terraform/fsx.tf); 0: none. Billed per GiB-month whether or not jobs run.
    /// </summary>
    public int FsxLustreGiB { get; set; }
}

public sealed class GcBudgetSettings
{
    public double? MonthlyUsd { get; set; }
    public double? PerJobUsd { get; set; }
    /// <summary>Subscribed to the platform's SNS topic of job and budget alerts when set.</summary>
    public string? AlertEmail { get; set; }
}

public sealed class GcDefaultSettings
{
    public string? JobQueue { get; set; }
    public string? Image { get; set; }
    public string Model { get; set; } = "GCClassic";
    public string? Simulation { get; set; }
    public string? Resolution { get; set; }
}

public sealed class GcTerraformSettings
{
    /// <summary>local or s3.</summary>
    public string StateBackend { get; set; } = "local";
    public string? StateBucket { get; set; }
    public string? StateKey { get; set; }
    public string? WorkingDirectory { get; set; }
}

/// <summary>The deployed platform, from terraform outputs.</summary>
public sealed class GcDeployment
{
    public string? Region { get; set; }
    public string? VpcId { get; set; }
    public string[] SubnetIds { get; set; } = [];
    public string[] SecurityGroupIds { get; set; } = [];
    public string? EcrRepository { get; set; }
    public string? EcrRepositoryUri { get; set; }
    public string? ResultsBucket { get; set; }
    public string? LogGroup { get; set; }
    public string? SpotJobQueue { get; set; }
    public string? OnDemandJobQueue { get; set; }
    public string[] ComputeEnvironments { get; set; } = [];
    public string? JobRoleArn { get; set; }
    public string? BuilderInstanceProfile { get; set; }
    public int? MaxVCpus { get; set; }
    /// <summary>Instance types of the EFA multi-node environment; empty when there is none.</summary>
    public string[] MultiNodeInstanceTypes { get; set; } = [];
    public int? FsxLustreGiB { get; set; }
    /// <summary>Where the FSx for Lustre copy of the input data is mounted on Batch instances; null without FSx.</summary>
    public string? InputDataMount { get; set; }
    /// <summary>The AWS Budgets budget of the month's spend (terraform/alerts.tf); null when no monthly budget was deployed.</summary>
    public string? BudgetName { get; set; }
    public DateTime? DeployedAt { get; set; }
}
