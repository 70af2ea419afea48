namespace GeosChem.PowerShell.Aws.ServiceQuotas;

internal interface IServiceQuotasClient
{
    string Region { get; }
    Task<ServiceQuota> GetServiceQuotaAsync(string serviceCode, string quotaCode, CancellationToken cancellationToken);
    Task<ServiceQuota> GetAwsDefaultServiceQuotaAsync(string serviceCode, string quotaCode, CancellationToken cancellationToken);
    IAsyncEnumerable<ServiceQuota> ListServiceQuotasAsync(string serviceCode, CancellationToken cancellationToken);
    Task<RequestedServiceQuotaChange> RequestServiceQuotaIncreaseAsync(string serviceCode, string quotaCode, double desiredValue, CancellationToken cancellationToken);
    IAsyncEnumerable<RequestedServiceQuotaChange> ListRequestHistoryAsync(string? serviceCode, string? quotaCode, string? status, CancellationToken cancellationToken);
}
