using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Aws.ServiceQuotas;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Planning;

/// <summary>
/// EC2 vCPU quotas against what is running: usage is the vCPUs of pending and running instances in each quota's
/// class, split by lifecycle (Spot or On-Demand), never a count of instances. Usage is read once per planner.
/// With <paramref name="usageOptional"/>, a caller not allowed to list instances still gets the quota values.
/// </summary>
internal sealed class QuotaPlanner(IServiceQuotasClient quotas, IEc2Gateway ec2, QuotaClassCatalog classes, InstanceCatalog catalog,
    bool usageOptional = false)
{
    private bool _usageRead;
    private IReadOnlyDictionary<string, double>? _usage;
    private readonly Dictionary<string, int> _vcpus = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, ServiceQuota> _quotaCache = new(StringComparer.Ordinal);

    public string ServiceCode => classes.ServiceCode;

    /// <summary>Why usage could not be read (the caller may not list instances), when <c>usageOptional</c> let that pass.</summary>
    public string? UsageUnavailable { get; private set; }

    public async Task<GcQuota> GetQuotaAsync(string quotaCode, CancellationToken cancellationToken)
    {
        var quota = await LookUpQuotaAsync(quotaCode, cancellationToken).ConfigureAwait(false);
        return await DescribeAsync(quota, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<GcQuota> ListAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var quota in quotas.ListServiceQuotasAsync(ServiceCode, cancellationToken).ConfigureAwait(false))
        {
            yield return await DescribeAsync(quota, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// A warning when a plan needs more vCPUs at once than the account's vCPU quota for its instance class (the class of
    /// <paramref name="instanceTypes"/>: the plan's type, else what its compute environments offer); null when it fits,
    /// or when the types span several classes or none, so no one quota applies.
    /// </summary>
    public async Task<string?> PlanWarningAsync(IReadOnlyCollection<string> instanceTypes, int vCpus, bool spot, string jobName, CancellationToken cancellationToken)
    {
        var quotaClasses = instanceTypes.Where(t => t != "optimal").Select(classes.Classify).OfType<QuotaClass>().Distinct().ToList();
        if (quotaClasses.Count != 1 || vCpus <= 0) return null;
        var quotaRef = spot ? quotaClasses[0].Spot : quotaClasses[0].OnDemand;
        if (quotaRef is null) return null;
        var quota = await LookUpQuotaAsync(quotaRef.Code, cancellationToken).ConfigureAwait(false);
        if (quota.Value is not { } limit || vCpus <= limit) return null;
        return $"'{jobName}' needs {vCpus} vCPUs at once, more than this account's quota '{quotaRef.Name}' ({quotaRef.Code}) of {limit:0} vCPUs in {quotas.Region}: "
            + $"AWS Batch would accept it and leave it RUNNABLE until the quota is raised. Ask for more: Request-GcQuotaIncrease -QuotaCode {quotaRef.Code} -DesiredValue {vCpus} -Region {quotas.Region}";
    }

    public async Task<GcQuotaCheck> CheckAsync(string instanceType, int count, bool spot, CancellationToken cancellationToken)
    {
        if (count < 1)
        {
            throw GcErrors.CountInvalid(count, instanceType);
        }
        var perInstance = (await VCpusOfAsync([instanceType], cancellationToken).ConfigureAwait(false))[instanceType];
        var quotaRef = classes.QuotaFor(instanceType, spot);
        var quota = await GetQuotaAsync(quotaRef.Code, cancellationToken).ConfigureAwait(false);
        var required = perInstance * count;
        var available = quota.Available ?? 0;
        var shortfall = Math.Max(0, required - available);
        var sufficient = shortfall == 0;
        double? desired = sufficient ? null : Math.Ceiling(quota.Value + shortfall);
        var advice = sufficient
            ? $"{available:0} of {quota.Value:0} vCPUs are free; {count} x {instanceType} needs {required}."
            : $"Short by {shortfall:0} vCPUs ({count} x {instanceType} needs {required}; {available:0} of {quota.Value:0} free). " +
              $"Ask for more: Request-GcQuotaIncrease -QuotaCode {quota.QuotaCode} -DesiredValue {desired:0} -Region {quotas.Region}";
        return new GcQuotaCheck
        {
            Region = quotas.Region,
            InstanceType = instanceType,
            Count = count,
            Spot = spot,
            RequiredVCpus = required,
            QuotaCode = quota.QuotaCode,
            QuotaName = quota.QuotaName,
            QuotaValue = quota.Value,
            Usage = quota.Usage ?? 0,
            Available = available,
            Sufficient = sufficient,
            Shortfall = shortfall,
            DesiredValue = desired,
            Advice = advice,
        };
    }

    /// <summary>vCPUs per instance type: from the shipped catalog, else asked of EC2 (which rejects unknown types).</summary>
    public async Task<IReadOnlyDictionary<string, int>> VCpusOfAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken)
    {
        var missing = new List<string>();
        foreach (var type in instanceTypes.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (_vcpus.ContainsKey(type)) continue;
            if (catalog.Find(type) is { } spec) _vcpus[type] = spec.VCpus;
            else missing.Add(type);
        }
        if (missing.Count > 0)
        {
            foreach (var facts in await ec2.DescribeInstanceTypesAsync(missing, cancellationToken).ConfigureAwait(false))
            {
                _vcpus[facts.InstanceType] = facts.VCpus;
            }
            var unknown = missing.Where(t => !_vcpus.ContainsKey(t)).ToList();
            if (unknown.Count > 0)
            {
                throw new GcException(ErrorIds.InstanceTypeUnknown, GcErrorKind.ObjectNotFound,
                    $"EC2 in {quotas.Region} returned nothing for the instance type(s) {string.Join(", ", unknown)}.",
                    "Check the spelling (for example c7i.16xlarge); tab completion on -InstanceType lists the catalog.", string.Join(",", unknown));
            }
        }
        return instanceTypes.Distinct(StringComparer.OrdinalIgnoreCase).ToDictionary(t => t, t => _vcpus[t], StringComparer.OrdinalIgnoreCase);
    }

    private async Task<ServiceQuota> LookUpQuotaAsync(string quotaCode, CancellationToken cancellationToken)
    {
        if (_quotaCache.TryGetValue(quotaCode, out var cached)) return cached;
        try
        {
            var quota = await quotas.GetServiceQuotaAsync(ServiceCode, quotaCode, cancellationToken).ConfigureAwait(false);
            _quotaCache[quotaCode] = quota;
            return quota;
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "NoSuchResourceException")
        {
            throw QuotaCodes.NotFound(ServiceCode, quotaCode, quotas.Region, ex);
        }
    }

    private async Task<GcQuota> DescribeAsync(ServiceQuota quota, CancellationToken cancellationToken)
    {
        var result = new GcQuota
        {
            Region = quotas.Region,
            ServiceCode = quota.ServiceCode ?? ServiceCode,
            QuotaCode = quota.QuotaCode ?? "",
            QuotaName = quota.QuotaName ?? "",
            Value = quota.Value ?? 0,
            Unit = quota.Unit ?? "None",
            Adjustable = quota.Adjustable ?? false,
        };
        if (classes.FindByCode(result.QuotaCode) is { } match)
        {
            result.InstanceClass = match.Class.Name;
            result.PricingModel = match.IsSpot ? "Spot" : "OnDemand";
            if (await GetUsageAsync(cancellationToken).ConfigureAwait(false) is not { } allUsage) return result;
            var usage = allUsage.GetValueOrDefault(result.QuotaCode);
            result.Usage = usage;
            result.Available = Math.Max(0, result.Value - usage);
            result.PercentUsed = result.Value > 0 ? Math.Round(100 * usage / result.Value, 1) : (usage > 0 ? 100 : 0);
        }
        return result;
    }

    private async Task<IReadOnlyDictionary<string, double>?> GetUsageAsync(CancellationToken cancellationToken)
    {
        if (_usageRead) return _usage;
        IReadOnlyList<ActiveInstance> instances;
        try
        {
            instances = await ec2.DescribeActiveInstancesAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (usageOptional && ex.Kind == GcErrorKind.PermissionDenied)
        {
            UsageUnavailable = ex.Fix ?? ex.Message;
            _usageRead = true;
            return null;
        }
        var vcpus = await VCpusOfAsync(instances.Select(i => i.InstanceType).ToList(), cancellationToken).ConfigureAwait(false);
        var usage = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var instance in instances)
        {
            var quotaClass = classes.Classify(instance.InstanceType);
            var quota = instance.IsSpot ? quotaClass?.Spot : quotaClass?.OnDemand;
            if (quota is null) continue;
            usage[quota.Code] = usage.GetValueOrDefault(quota.Code) + vcpus[instance.InstanceType];
        }
        _usageRead = true;
        return _usage = usage;
    }
}
