using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Base of the cmdlets that weigh quotas against running instances: one <see cref="QuotaPlanner"/> per region for the
/// whole pipeline, so quotas and instances are read once however many records come in.
/// </summary>
public abstract class GcQuotaCmdlet : GcAwsCmdlet
{
    private readonly Dictionary<AwsContext, QuotaPlanner> _planners = [];

    /// <summary>Whether a caller who may not list instances still gets quota values (usage left empty).</summary>
    private protected virtual bool UsageOptional => false;

    private protected QuotaPlanner PlannerFor(AwsContext context)
    {
        if (!_planners.TryGetValue(context, out var planner))
        {
            planner = new QuotaPlanner(CreateServiceQuotasClient(context), CreateEc2Gateway(context), QuotaClassCatalog.Default, InstanceCatalog.Default,
                UsageOptional);
            _planners[context] = planner;
        }
        return planner;
    }

    private protected IEnumerable<(AwsContext Context, QuotaPlanner Planner)> Planners => _planners.Select(p => (p.Key, p.Value));
}
