namespace GeosChem.PowerShell.Running;

/// <summary>What a user asks of a GEOS-Chem job definition.</summary>
internal sealed record JobDefinitionSpec
{
    public required string Name { get; init; }
    public required string Image { get; init; }
    public required string Model { get; init; }
    public required int VCpus { get; init; }
    public required double MemoryGiB { get; init; }
    public int NodeCount { get; init; } = 1;
    public string? InstanceType { get; init; }
    public bool Spot { get; init; }
    public int? TimeoutSeconds { get; init; }
    public int RetryAttempts { get; init; } = 3;
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public string LogGroupName { get; init; } = JobDefinitionBuilder.DefaultLogGroup;
    public string? JobRoleArn { get; init; }
    public int? PhysicalCoresPerNode { get; init; }
    /// <summary>EFA devices for a multi-node job: only where the compute environment launches its instances with EFA interfaces.</summary>
    public bool EfaDevices { get; init; }
    /// <summary>
    /// Where the platform's FSx for Lustre copy of s3://geos-chem is mounted on the instances (terraform/fsx.tf); the
    /// container gets it read-only at the same path as its data root. Null without FSx.
    /// </summary>
    public string? InputDataMount { get; init; }
}
