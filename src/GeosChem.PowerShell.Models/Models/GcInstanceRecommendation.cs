namespace GeosChem.PowerShell.Models;

/// <summary>
/// One ranked instance plan for a GEOS-Chem run. Its InstanceType, NodeCount and Spot bind by name to Test-GcQuota,
/// and its Model, Simulation, Resolution and SimulationDays to Get-GcCostEstimate.
/// </summary>
public sealed class GcInstanceRecommendation
{
    public int Rank { get; set; }
    public string InstanceType { get; set; } = "";
    public string Architecture { get; set; } = "";
    public int NodeCount { get; set; }
    public int CoresPerNode { get; set; }
    public int VCpus { get; set; }
    public double MemoryGiB { get; set; }
    /// <summary>Memory the run needs on each node (GiB); at most the job definition's share of MemoryGiB.</summary>
    public double RequiredMemoryGiB { get; set; }
    public double EstimatedWallHours { get; set; }
    public double LowWallHours { get; set; }
    public double HighWallHours { get; set; }
    public double? EstimatedCost { get; set; }
    public double? HourlyPrice { get; set; }
    public string PricingModel { get; set; } = "";
    public bool Spot { get; set; }
    public string Confidence { get; set; } = "";
    public string Rationale { get; set; } = "";
    /// <summary>The estimate's basis: the evidence behind it and its per-component seconds.</summary>
    public string Basis { get; set; } = "";
    public string[] Warnings { get; set; } = [];
    public string Region { get; set; } = "";
    /// <summary>
    /// Whether the platform in the configuration can run the plan (its compute environments' instance types and vCPU
    /// limit); null when there is no configuration or -IgnorePlatform was given.
    /// </summary>
    public bool? OnPlatform { get; set; }
    /// <summary>Why the platform cannot run this plan, or, on the first plan, that the overall best plan is one it cannot run.</summary>
    public string? PlatformNote { get; set; }
    /// <summary>With -CheckQuota: whether the free vCPU quota covers the plan now; null otherwise.</summary>
    public bool? QuotaSufficient { get; set; }
    public string Model { get; set; } = "";
    public string Simulation { get; set; } = "";
    /// <summary>The fullchem option (standard, benchmark, TOMAS15, ...).</summary>
    public string Option { get; set; } = "standard";
    public string Resolution { get; set; } = "";
    public double SimulationDays { get; set; }
}
