namespace GeosChem.PowerShell.Models;

/// <summary>
/// What one attempt of a job cost: instance-hours used times the hourly price, with the method stated.
/// Pipe to Measure-Object -Property Cost -Sum for totals.
/// </summary>
public sealed class GcJobCost
{
    public string JobId { get; set; } = "";
    public string JobName { get; set; } = "";
    public int Attempt { get; set; }
    public string? InstanceType { get; set; }
    public string PricingModel { get; set; } = "";
    public DateTime? StartedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    public double Hours { get; set; }
    public int VCpus { get; set; }
    public int? InstanceVCpus { get; set; }
    /// <summary>The share of the instance charged to this job: its vCPUs over the instance's.</summary>
    public double Share { get; set; }
    public double? HourlyPrice { get; set; }
    public double? Cost { get; set; }
    public string Method { get; set; } = "";
    public string Region { get; set; } = "";
}
