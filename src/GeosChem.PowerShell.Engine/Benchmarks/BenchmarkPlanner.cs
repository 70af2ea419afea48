using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;

namespace GeosChem.PowerShell.Benchmarks;

/// <summary>The run a benchmark measures: one model, simulation and grid, for a short period.</summary>
internal sealed record BenchmarkRunSpec(string Model, string Simulation, string Resolution, double SimulationDays, string Region);

/// <summary>One checked plan of a benchmark with our estimate for it.</summary>
internal sealed record BenchmarkPlanSpec(InstanceSpec Instance, int CoresPerNode, int NodeCount, double EstimatedSeconds, double? EstimatedCost, double MemoryGiB)
{
    public string Label => $"{Instance.InstanceType} x{CoresPerNode}" + (NodeCount > 1 ? $" x{NodeCount} nodes" : "");
}

/// <summary>
/// Turns what the user asked to compare (recommendations, instance types, architectures, core counts) into checked
/// plans: each is estimated by the runtime model, and a plan GEOS-Chem cannot run comes back as its reason.
/// </summary>
internal static class BenchmarkPlanner
{
    public static List<(BenchmarkPlanSpec? Plan, GcException? Rejection)> Plans(BenchmarkRunSpec run, IReadOnlyList<GcInstanceRecommendation> recommendations,
        IReadOnlyList<string> instanceTypes, IReadOnlyList<string> architectures, IReadOnlyList<int> cores, int nodeCount, DateOnly today, PriceBook prices)
    {
        var wanted = new List<(string Type, int? Cores, int Nodes)>();
        wanted.AddRange(recommendations.Select(r => (r.InstanceType, (int?)r.CoresPerNode, Math.Max(1, r.NodeCount))));
        var types = instanceTypes.ToList();
        foreach (var architecture in architectures)
        {
            // The model's best balanced choice for that architecture, as Get-GcInstanceRecommendation -Top 1 gives it.
            var best = InstanceRecommender.Default.Recommend(new RecommendationRequest(run.Model, run.Simulation, run.Resolution, run.SimulationDays,
                RecommendationPriority.Balanced, architecture, null, null, null, false, run.Region, 1), today, prices);
            types.AddRange(best.Select(b => b.InstanceType));
        }
        foreach (var type in types.Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (cores.Count == 0) wanted.Add((type, null, nodeCount));
            else wanted.AddRange(cores.Select(c => (type, (int?)c, nodeCount)));
        }
        var plans = new List<(BenchmarkPlanSpec?, GcException?)>();
        var seen = new HashSet<(string, int, int)>();
        foreach (var (type, coresPerNode, nodes) in wanted)
        {
            try
            {
                var prepared = CostEstimator.Default.Prepare(new EstimateRequest(run.Model, run.Simulation, run.Resolution, run.SimulationDays, type, nodes, coresPerNode, false, run.Region), today, prices);
                if (!seen.Add((prepared.Instance.InstanceType, prepared.CoresPerNode, prepared.Nodes))) continue;
                plans.Add((new BenchmarkPlanSpec(prepared.Instance, prepared.CoresPerNode, prepared.Nodes, prepared.Seconds, prepared.Cost, prepared.MemoryGiB), null));
            }
            catch (GcException ex)
            {
                plans.Add((null, ex));
            }
        }
        return plans;
    }

    /// <summary>The architecture an image URI is for, from the tag scheme's last part (…-x86_64, …-arm64), or null.</summary>
    public static string? ArchitectureOf(string image)
    {
        var tag = image[(image.LastIndexOf(':') + 1)..].ToLowerInvariant();
        if (tag.EndsWith("arm64", StringComparison.Ordinal) || tag.EndsWith("aarch64", StringComparison.Ordinal)) return "arm64";
        if (tag.EndsWith("x86_64", StringComparison.Ordinal) || tag.EndsWith("amd64", StringComparison.Ordinal)) return "x86_64";
        return null;
    }
}
