using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// One <see cref="QuotaPlanner"/> per region for the whole pipeline, so quotas and instances are read once however
/// many records come in.
/// </summary>
/// <param name="usageOptional">Whether a caller who may not list instances still gets quota values (usage left empty).</param>
internal sealed class QuotaPlanners(AwsSession aws, bool usageOptional = false)
{
    private readonly Dictionary<AwsContext, QuotaPlanner> _planners = [];

    public QuotaPlanner For(AwsContext context)
    {
        if (!_planners.TryGetValue(context, out var planner))
        {
            planner = new QuotaPlanner(aws.ServiceQuotas(context), aws.Ec2(context), QuotaClassCatalog.Default, InstanceCatalog.Default, usageOptional);
            _planners[context] = planner;
        }
        return planner;
    }

    public IEnumerable<(AwsContext Context, QuotaPlanner Planner)> All => _planners.Select(p => (p.Key, p.Value));
}
