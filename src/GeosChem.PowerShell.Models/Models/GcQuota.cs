namespace GeosChem.PowerShell.Models;

/// <summary>An EC2 vCPU (or other) service quota with what is in use against it right now.</summary>
public sealed class GcQuota
{
    public string Region { get; set; } = "";
    public string ServiceCode { get; set; } = "";
    public string QuotaCode { get; set; } = "";
    public string QuotaName { get; set; } = "";
    public double Value { get; set; }
    /// <summary>vCPUs of pending and running instances counted against the quota; null where usage is not derivable.</summary>
    public double? Usage { get; set; }
    public double? Available { get; set; }
    public double? PercentUsed { get; set; }
    public string Unit { get; set; } = "";
    public bool Adjustable { get; set; }
    /// <summary>The instance class the quota covers (Standard, HPC, ...), when it is an EC2 vCPU quota.</summary>
    public string? InstanceClass { get; set; }
    /// <summary>OnDemand or Spot, when it is an EC2 vCPU quota.</summary>
    public string? PricingModel { get; set; }
}
