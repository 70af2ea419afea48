using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws.ServiceQuotas;

/// <summary>Service Quotas over our json 1.1 protocol client.</summary>
internal sealed class ServiceQuotasClient(AwsProtocolClient protocol) : IServiceQuotasClient
{
    public string Region => protocol.Region;

    public async Task<ServiceQuota> GetServiceQuotaAsync(string serviceCode, string quotaCode, CancellationToken cancellationToken)
    {
        var response = await protocol.CallJsonAsync<ServiceQuotaResponse>("GetServiceQuota", new GetServiceQuotaRequest(serviceCode, quotaCode), cancellationToken).ConfigureAwait(false);
        return response.Quota ?? throw MissingMember("GetServiceQuota", "Quota");
    }

    public async Task<ServiceQuota> GetAwsDefaultServiceQuotaAsync(string serviceCode, string quotaCode, CancellationToken cancellationToken)
    {
        var response = await protocol.CallJsonAsync<ServiceQuotaResponse>("GetAWSDefaultServiceQuota", new GetServiceQuotaRequest(serviceCode, quotaCode), cancellationToken).ConfigureAwait(false);
        return response.Quota ?? throw MissingMember("GetAWSDefaultServiceQuota", "Quota");
    }

    public IAsyncEnumerable<ServiceQuota> ListServiceQuotasAsync(string serviceCode, CancellationToken cancellationToken) =>
        Paging.Items(
            (token, ct) => protocol.CallJsonAsync<ListServiceQuotasResponse>("ListServiceQuotas", new ListServiceQuotasRequest(serviceCode, token, 100), ct),
            page => page.NextToken,
            page => page.Quotas,
            cancellationToken);

    public async Task<RequestedServiceQuotaChange> RequestServiceQuotaIncreaseAsync(string serviceCode, string quotaCode, double desiredValue, CancellationToken cancellationToken)
    {
        var response = await protocol.CallJsonAsync<RequestServiceQuotaIncreaseResponse>("RequestServiceQuotaIncrease",
            new RequestServiceQuotaIncreaseRequest(serviceCode, quotaCode, desiredValue), cancellationToken).ConfigureAwait(false);
        return response.RequestedQuota ?? throw MissingMember("RequestServiceQuotaIncrease", "RequestedQuota");
    }

    public IAsyncEnumerable<RequestedServiceQuotaChange> ListRequestHistoryAsync(string? serviceCode, string? quotaCode, string? status, CancellationToken cancellationToken)
    {
        if (quotaCode is null)
        {
            return Paging.Items(
                (token, ct) => protocol.CallJsonAsync<ListRequestedServiceQuotaChangeHistoryResponse>("ListRequestedServiceQuotaChangeHistory",
                    new ListRequestedServiceQuotaChangeHistoryRequest(serviceCode, status, token, 100), ct),
                page => page.NextToken, page => page.RequestedQuotas, cancellationToken);
        }
        return Paging.Items(
            (token, ct) => protocol.CallJsonAsync<ListRequestedServiceQuotaChangeHistoryResponse>("ListRequestedServiceQuotaChangeHistoryByQuota",
                new ListRequestedServiceQuotaChangeHistoryByQuotaRequest(serviceCode ?? "ec2", quotaCode, status, token, 100), ct),
            page => page.NextToken, page => page.RequestedQuotas, cancellationToken);
    }

    private static GcException MissingMember(string operation, string member) => GcErrors.AwsResponseIncomplete("Service Quotas", operation, member);
}
