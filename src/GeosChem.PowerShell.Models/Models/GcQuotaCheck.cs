namespace GeosChem.PowerShell.Models;

/// <summary>The answer to "can I launch this many of this instance type right now".</summary>
public sealed class GcQuotaCheck
{
    public string Region { get; set; } = "";
    public string InstanceType { get; set; } = "";
    public int Count { get; set; }
    public bool Spot { get; set; }
    public int RequiredVCpus { get; set; }
    public string QuotaCode { get; set; } = "";
    public string QuotaName { get; set; } = "";
    public double QuotaValue { get; set; }
    public double Usage { get; set; }
    public double Available { get; set; }
    public bool Sufficient { get; set; }
    public double Shortfall { get; set; }
    /// <summary>The quota value to ask for when short (binds to Request-GcQuotaIncrease -DesiredValue); null when sufficient.</summary>
    public double? DesiredValue { get; set; }
    public string Advice { get; set; } = "";
}
