using GeosChem.PowerShell.Aws.ServiceQuotas;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Planning;

/// <summary>Checks and files Service Quotas increase requests, and never files a second one for the same need.</summary>
internal sealed class QuotaIncreaseService(IServiceQuotasClient quotas)
{
    /// <summary>Reads the quota and refuses a request that is not an increase or cannot be granted.</summary>
    public async Task<ServiceQuota> PrepareAsync(string serviceCode, string quotaCode, double desiredValue, CancellationToken cancellationToken)
    {
        if (!(desiredValue > 0) || double.IsInfinity(desiredValue))
        {
            throw new GcException(ErrorIds.QuotaDesiredValueInvalid, GcErrorKind.InvalidArgument,
                $"The desired value {desiredValue} is not a positive number.", "Give the new total quota value, for example -DesiredValue 512.", desiredValue);
        }
        ServiceQuota current;
        try
        {
            current = await quotas.GetServiceQuotaAsync(serviceCode, quotaCode, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "NoSuchResourceException")
        {
            throw QuotaCodes.NotFound(serviceCode, quotaCode, quotas.Region, ex);
        }
        if (current.Adjustable == false)
        {
            throw new GcException(ErrorIds.QuotaNotAdjustable, GcErrorKind.InvalidOperation,
                $"'{current.QuotaName}' ({quotaCode}) is fixed by AWS and cannot be increased.", "Plan within it, or use another region or account.", quotaCode);
        }
        if (desiredValue <= (current.Value ?? 0))
        {
            throw new GcException(ErrorIds.QuotaIncreaseNotAnIncrease, GcErrorKind.InvalidArgument,
                $"'{current.QuotaName}' ({quotaCode}) in {quotas.Region} is already {current.Value}; a request for {desiredValue} would not raise it.",
                $"Ask for more than {current.Value} (Test-GcQuota shows the value a plan needs).", desiredValue);
        }
        return current;
    }

    public async Task<(GcQuotaIncreaseRequest Request, bool AlreadyOpen)> SubmitAsync(string serviceCode, string quotaCode, double desiredValue, CancellationToken cancellationToken)
    {
        try
        {
            var filed = await quotas.RequestServiceQuotaIncreaseAsync(serviceCode, quotaCode, desiredValue, cancellationToken).ConfigureAwait(false);
            return (ToModel(filed, quotas.Region), false);
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "ResourceAlreadyExistsException")
        {
            // Also the answer to our own retry after an ambiguous failure: the first attempt was filed after all.
            var open = await OpenRequestsAsync(serviceCode, quotaCode, cancellationToken).ConfigureAwait(false);
            var same = open.FirstOrDefault(r => r.DesiredValue == desiredValue);
            if (same is not null) return (same, true);
            var other = open.FirstOrDefault();
            throw new GcException(ErrorIds.QuotaIncreaseAlreadyOpen, GcErrorKind.ResourceExists,
                other is null
                    ? $"Service Quotas says an increase request for {quotaCode} is already open."
                    : $"An increase request for {quotaCode} is already open: {other.Id}, for {other.DesiredValue}, status {other.Status}.",
                "Wait for it to be decided (Get-GcQuotaIncreaseRequest -QuotaCode " + quotaCode + "), then ask again if it is not enough.", quotaCode, ex);
        }
    }

    public async Task<List<GcQuotaIncreaseRequest>> OpenRequestsAsync(string serviceCode, string quotaCode, CancellationToken cancellationToken)
    {
        var open = new List<GcQuotaIncreaseRequest>();
        await foreach (var change in quotas.ListRequestHistoryAsync(serviceCode, quotaCode, null, cancellationToken).ConfigureAwait(false))
        {
            if (RequestStatuses.Open.Contains(change.Status)) open.Add(ToModel(change, quotas.Region));
        }
        return open.OrderByDescending(r => r.Created).ToList();
    }

    public static GcQuotaIncreaseRequest ToModel(RequestedServiceQuotaChange change, string region) => new()
    {
        Region = region,
        Id = change.Id ?? "",
        ServiceCode = change.ServiceCode ?? "",
        QuotaCode = change.QuotaCode ?? "",
        QuotaName = change.QuotaName ?? "",
        DesiredValue = change.DesiredValue ?? 0,
        Status = change.Status ?? "",
        CaseId = string.IsNullOrEmpty(change.CaseId) ? null : change.CaseId,
        Created = change.Created,
        LastUpdated = change.LastUpdated,
    };
}
