namespace GeosChem.PowerShell.Models;

/// <summary>A Service Quotas increase request and its state.</summary>
public sealed class GcQuotaIncreaseRequest
{
    public string Region { get; set; } = "";
    public string Id { get; set; } = "";
    public string ServiceCode { get; set; } = "";
    public string QuotaCode { get; set; } = "";
    public string QuotaName { get; set; } = "";
    public double DesiredValue { get; set; }
    public string Status { get; set; } = "";
    public string? CaseId { get; set; }
    public DateTime? Created { get; set; }
    public DateTime? LastUpdated { get; set; }
}
