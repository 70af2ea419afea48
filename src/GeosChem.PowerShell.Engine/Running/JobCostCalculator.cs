using System.Globalization;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Ecs;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// What each attempt of a job cost: the hours it held its instance, times the instance's hourly price, times the share
/// of the instance it held (its vCPUs over the instance's, since Batch packs several jobs on one host). The instance type
/// comes from ECS (exact) or, failing that, from the job definition or a single-type compute environment (assumed).
/// </summary>
internal sealed class JobCostCalculator(BatchDirectory directory, EcsClient? ecs, PriceBook prices, InstanceCatalog catalog, string region,
    Func<DateTime> now)
{
    public async Task<IReadOnlyList<GcJobCost>> CostAsync(JobDetailShape job, CancellationToken ct)
    {
        var queue = await directory.QueueAsync(job.JobQueue, ct).ConfigureAwait(false);
        var attempts = (job.Attempts ?? []).Select(a => (a.StartedAt, a.StoppedAt, a.Container?.ContainerInstanceArn)).ToList();
        if (BatchJobStatus.HasContainer(job.Status) && job.Container?.ContainerInstanceArn is { } running && attempts.All(a => a.ContainerInstanceArn != running))
        {
            attempts.Add((job.StartedAt, null, running));
        }
        var vcpus = VCpusOf(job);
        var results = new List<GcJobCost>();
        for (var i = 0; i < attempts.Count; i++)
        {
            var (started, stopped, containerInstance) = attempts[i];
            var cost = new GcJobCost
            {
                JobId = job.JobId,
                JobName = job.JobName,
                Attempt = i + 1,
                StartedAt = BatchJobMapper.Time(started),
                StoppedAt = BatchJobMapper.Time(stopped),
                VCpus = vcpus,
                PricingModel = queue.IsSpot ? "Spot" : "OnDemand",
                Region = region,
            };
            if (cost.StartedAt is not { } from)
            {
                cost.Method = "The attempt never started running, so it used no instance time.";
                cost.Cost = 0;
                results.Add(cost);
                continue;
            }
            var until = cost.StoppedAt ?? now();
            cost.Hours = Math.Max(0, (until - from).TotalHours);
            var (instanceType, typeSource) = await InstanceTypeAsync(job, queue, containerInstance, ct).ConfigureAwait(false);
            cost.InstanceType = instanceType;
            var spec = instanceType is null ? null : catalog.Find(instanceType);
            if (spec is null)
            {
                cost.Method = instanceType is null
                    ? "The instance type could not be learned (no ECS record and no single type in the compute environment), so no cost is given."
                    : $"{instanceType} is not in the instance catalog, so no price is known; run Update-GcInstanceCatalog.";
                results.Add(cost);
                continue;
            }
            cost.InstanceVCpus = spec.VCpus;
            cost.Share = Math.Min(1.0, (double)vcpus / spec.VCpus);
            var (price, priceNote) = PriceFor(spec, queue.IsSpot);
            cost.HourlyPrice = price?.UsdPerHour;
            cost.Cost = price is null ? null : Math.Round(cost.Hours * price.UsdPerHour * cost.Share, 4);
            var shareText = $"vCPU share {vcpus}/{spec.VCpus}";
            cost.Method = string.Create(CultureInfo.InvariantCulture,
                $"{instanceType} ({typeSource}); {priceNote}; {cost.Hours:0.###} h x {shareText}{(cost.StoppedAt is null ? "; still running, cost so far" : "")}.");
            results.Add(cost);
        }
        return results;
    }

    private (QuotedPrice? Price, string Note) PriceFor(InstanceSpec spec, bool spot)
    {
        if (spot)
        {
            if (prices.Spot(spec, region) is { } live) return (live, $"Spot ${live.UsdPerHour:0.####}/h ({live.Source}, {live.AsOf})");
            var ceiling = prices.OnDemand(spec, region);
            return ceiling is null ? (null, "no price for this region")
                : (ceiling, $"On-Demand ${ceiling.UsdPerHour:0.####}/h as the ceiling ({ceiling.Source} {ceiling.AsOf}; Spot prices need -Live)");
        }
        var onDemand = prices.OnDemand(spec, region);
        return onDemand is null ? (null, "no price for this region") : (onDemand, $"On-Demand ${onDemand.UsdPerHour:0.####}/h ({onDemand.Source} {onDemand.AsOf})");
    }

    private async Task<(string? Type, string Source)> InstanceTypeAsync(JobDetailShape job, QueueInfo queue, string? containerInstance, CancellationToken ct)
    {
        if (ecs is not null && containerInstance is not null && ClusterOf(containerInstance) is { } cluster)
        {
            var found = await ecs.DescribeContainerInstancesAsync(cluster, [containerInstance], ct).ConfigureAwait(false);
            var type = found.SelectMany(c => c.Attributes ?? []).FirstOrDefault(a => a.Name == EcsClient.InstanceTypeAttribute)?.Value;
            if (type is not null) return (type, "from ECS");
        }
        if (job.Container?.InstanceType is { } pinned) return (pinned, "from the job definition");
        var types = queue.Environments.SelectMany(e => e.ComputeResources?.InstanceTypes ?? []).Distinct().ToList();
        return types.Count == 1 && types[0].Contains('.') ? (types[0], "assumed: the compute environment's only type") : (null, "unknown");
    }

    /// <summary>The cluster name in a container-instance ARN (arn:aws:ecs:region:account:container-instance/cluster/id).</summary>
    internal static string? ClusterOf(string containerInstanceArn)
    {
        var parts = containerInstanceArn.Split('/');
        return parts.Length >= 3 ? parts[^2] : null;
    }

    private static int VCpusOf(JobDetailShape job)
    {
        var requirement = job.Container?.ResourceRequirements?.FirstOrDefault(r => r.Type == "VCPU")?.Value;
        return int.TryParse(requirement, out var v) ? v : job.Container?.Vcpus ?? 1;
    }
}
