using System.Text.Json.Nodes;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>Service Quotas (json 1.1, target prefix ServiceQuotasV20190624).</summary>
public sealed class ServiceQuotasHandler(EmulatorState state) : IServiceHandler
{
    private const string TargetPrefix = "ServiceQuotasV20190624.";
    private static readonly string[] Operations =
    [
        "GetServiceQuota", "GetAWSDefaultServiceQuota", "ListServiceQuotas", "RequestServiceQuotaIncrease",
        "ListRequestedServiceQuotaChangeHistory", "ListRequestedServiceQuotaChangeHistoryByQuota",
    ];

    public string SigningName => "servicequotas";
    public string IamPrefix => "servicequotas";
    public (int Status, string Code) Throttling => (400, "TooManyRequestsException");
    public (int Status, string Code) UnknownKey => (400, "UnrecognizedClientException");
    public (int Status, string Code) BadSignature => (400, "InvalidSignatureException");

    public string? OperationOf(EmulatorRequest request) => JsonWire.OperationFromTarget(request, TargetPrefix, Operations);

    public EmulatorResponse Error(int status, string code, string message, string requestId) => JsonWire.Error(status, code, message);

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var input = request.Json();
        var region = request.Region;
        lock (region.Gate)
        {
            return operation switch
            {
                "GetServiceQuota" => JsonWire.Ok(new JsonObject { ["Quota"] = QuotaJson(Find(region, input), region, applied: true) }),
                "GetAWSDefaultServiceQuota" => JsonWire.Ok(new JsonObject { ["Quota"] = QuotaJson(Find(region, input), region, applied: false) }),
                "ListServiceQuotas" => ListQuotas(region, input),
                "RequestServiceQuotaIncrease" => RequestIncrease(region, input, request),
                "ListRequestedServiceQuotaChangeHistory" => ListRequests(region, input, byQuota: false),
                "ListRequestedServiceQuotaChangeHistoryByQuota" => ListRequests(region, input, byQuota: true),
                _ => throw new EmulatorError(400, "UnknownOperationException", operation),
            };
        }
    }

    private static QuotaRecord Find(RegionState region, JsonObject input)
    {
        var service = input.Required("ServiceCode");
        var code = input.Required("QuotaCode");
        return region.Quotas.GetValueOrDefault((service, code))
            ?? throw new EmulatorError(400, "NoSuchResourceException", $"The request failed because the specified quota {code} for service {service} doesn't exist.");
    }

    private static JsonObject QuotaJson(QuotaRecord quota, RegionState region, bool applied) => new()
    {
        ["ServiceCode"] = quota.ServiceCode,
        ["ServiceName"] = quota.ServiceName,
        ["QuotaArn"] = $"arn:aws:servicequotas:{region.Region}:{region.Account}:{quota.ServiceCode}/{quota.Code}",
        ["QuotaCode"] = quota.Code,
        ["QuotaName"] = quota.Name,
        ["Value"] = applied ? quota.Value : quota.DefaultValue,
        ["Unit"] = quota.Unit,
        ["Adjustable"] = quota.Adjustable,
        ["GlobalQuota"] = false,
    };

    private EmulatorResponse ListQuotas(RegionState region, JsonObject input)
    {
        var service = input.Required("ServiceCode");
        var all = region.Quotas.Values.Where(q => q.ServiceCode == service).OrderBy(q => q.Code, StringComparer.Ordinal).ToList();
        if (all.Count == 0) throw new EmulatorError(400, "NoSuchResourceException", $"The request failed because the specified service {service} doesn't exist.");
        var (page, next) = Page(all, input);
        var result = new JsonObject { ["Quotas"] = new JsonArray([.. page.Select(q => (JsonNode)QuotaJson(q, region, applied: true))]) };
        if (next is not null) result["NextToken"] = next;
        return JsonWire.Ok(result);
    }

    private EmulatorResponse RequestIncrease(RegionState region, JsonObject input, EmulatorRequest request)
    {
        var quota = Find(region, input);
        var desired = input.Num("DesiredValue") ?? throw new EmulatorError(400, "IllegalArgumentException", "DesiredValue is required.");
        if (!quota.Adjustable) throw new EmulatorError(400, "IllegalArgumentException", $"The quota {quota.Code} is not adjustable.");
        if (desired <= quota.Value)
        {
            throw new EmulatorError(400, "IllegalArgumentException", $"The requested value {desired} must be greater than the current value {quota.Value}.");
        }
        if (region.QuotaRequests.Any(r => r.QuotaCode == quota.Code && r.ServiceCode == quota.ServiceCode && r.Status is "PENDING" or "CASE_OPENED"))
        {
            throw new EmulatorError(400, "ResourceAlreadyExistsException", $"A quota increase request for {quota.Code} is already pending.");
        }
        var now = region.Clock.UtcNow;
        var record = new QuotaRequestRecord
        {
            Id = Guid.NewGuid().ToString("N"),
            ServiceCode = quota.ServiceCode,
            QuotaCode = quota.Code,
            DesiredValue = desired,
            Created = now,
            LastUpdated = now,
            Requester = $"{{\"accountId\":\"{request.Account}\",\"callerArn\":\"arn:aws:iam::{request.Account}:user/{request.Caller.Credential.UserName}\"}}",
        };
        region.QuotaRequests.Add(record);
        return JsonWire.Ok(new JsonObject { ["RequestedQuota"] = RequestJson(record, quota, region) });
    }

    private EmulatorResponse ListRequests(RegionState region, JsonObject input, bool byQuota)
    {
        var service = byQuota ? input.Required("ServiceCode") : input.Str("ServiceCode");
        var code = byQuota ? input.Required("QuotaCode") : null;
        var status = input.Str("Status");
        var matching = region.QuotaRequests
            .Where(r => (service is null || r.ServiceCode == service) && (code is null || r.QuotaCode == code) && (status is null || r.Status == status))
            .OrderByDescending(r => r.Created).ToList();
        var (page, next) = Page(matching, input);
        var result = new JsonObject
        {
            ["RequestedQuotas"] = new JsonArray([.. page.Select(r => (JsonNode)RequestJson(r, region.Quotas[(r.ServiceCode, r.QuotaCode)], region))]),
        };
        if (next is not null) result["NextToken"] = next;
        return JsonWire.Ok(result);
    }

    private static JsonObject RequestJson(QuotaRequestRecord r, QuotaRecord quota, RegionState region)
    {
        var json = new JsonObject
        {
            ["Id"] = r.Id,
            ["ServiceCode"] = r.ServiceCode,
            ["ServiceName"] = quota.ServiceName,
            ["QuotaCode"] = r.QuotaCode,
            ["QuotaName"] = quota.Name,
            ["DesiredValue"] = r.DesiredValue,
            ["Status"] = r.Status,
            ["Created"] = JsonWire.Epoch(r.Created),
            ["LastUpdated"] = JsonWire.Epoch(r.LastUpdated),
            ["Requester"] = r.Requester,
            ["QuotaArn"] = $"arn:aws:servicequotas:{region.Region}:{region.Account}:{r.ServiceCode}/{r.QuotaCode}",
            ["GlobalQuota"] = false,
            ["Unit"] = quota.Unit,
        };
        if (r.CaseId is not null) json["CaseId"] = r.CaseId;
        return json;
    }

    private (List<T> Page, string? Next) Page<T>(List<T> all, JsonObject input)
    {
        var size = Math.Min((int)(input.Num("MaxResults") ?? 100), state.MaxPageSize);
        var offset = JsonWire.Offset(input.Str("NextToken"));
        return (all.Skip(offset).Take(size).ToList(), JsonWire.NextToken(offset, size, all.Count));
    }
}
