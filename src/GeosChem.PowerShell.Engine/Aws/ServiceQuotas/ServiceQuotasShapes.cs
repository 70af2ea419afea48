namespace GeosChem.PowerShell.Aws.ServiceQuotas;

// Request and response shapes of the Service Quotas json 1.1 API (service model 2019-06-24), members named as on the wire.
// Only the members this module uses are declared; unknown response members are ignored.

internal sealed record GetServiceQuotaRequest(string ServiceCode, string QuotaCode);

internal sealed record ListServiceQuotasRequest(string ServiceCode, string? NextToken = null, int? MaxResults = null);

internal sealed record RequestServiceQuotaIncreaseRequest(string ServiceCode, string QuotaCode, double DesiredValue);

internal sealed record ListRequestedServiceQuotaChangeHistoryRequest(string? ServiceCode = null, string? Status = null, string? NextToken = null, int? MaxResults = null);

internal sealed record ListRequestedServiceQuotaChangeHistoryByQuotaRequest(string ServiceCode, string QuotaCode, string? Status = null, string? NextToken = null, int? MaxResults = null);

internal sealed class ServiceQuota
{
    public string? ServiceCode { get; set; }
    public string? ServiceName { get; set; }
    public string? QuotaArn { get; set; }
    public string? QuotaCode { get; set; }
    public string? QuotaName { get; set; }
    public double? Value { get; set; }
    public string? Unit { get; set; }
    public bool? Adjustable { get; set; }
    public bool? GlobalQuota { get; set; }
}

internal sealed class RequestedServiceQuotaChange
{
    public string? Id { get; set; }
    public string? CaseId { get; set; }
    public string? ServiceCode { get; set; }
    public string? ServiceName { get; set; }
    public string? QuotaCode { get; set; }
    public string? QuotaName { get; set; }
    public double? DesiredValue { get; set; }
    public string? Status { get; set; }
    public DateTime? Created { get; set; }
    public DateTime? LastUpdated { get; set; }
    public string? Requester { get; set; }
    public string? QuotaArn { get; set; }
    public bool? GlobalQuota { get; set; }
    public string? Unit { get; set; }
}

internal sealed class ServiceQuotaResponse
{
    public ServiceQuota? Quota { get; set; }
}

internal sealed class ListServiceQuotasResponse
{
    public string? NextToken { get; set; }
    public List<ServiceQuota>? Quotas { get; set; }
}

internal sealed class RequestServiceQuotaIncreaseResponse
{
    public RequestedServiceQuotaChange? RequestedQuota { get; set; }
}

internal sealed class ListRequestedServiceQuotaChangeHistoryResponse
{
    public string? NextToken { get; set; }
    public List<RequestedServiceQuotaChange>? RequestedQuotas { get; set; }
}

/// <summary>The request statuses the service knows (enum RequestStatus).</summary>
internal static class RequestStatuses
{
    public static readonly string[] All = ["PENDING", "CASE_OPENED", "APPROVED", "DENIED", "CASE_CLOSED"];
    public static readonly string[] Open = ["PENDING", "CASE_OPENED"];
}
