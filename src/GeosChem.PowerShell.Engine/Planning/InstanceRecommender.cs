using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning.Prices;

namespace GeosChem.PowerShell.Planning;

internal enum RecommendationPriority { Balanced, Cost, Time }

internal sealed record RecommendationRequest(
    string Model, string Simulation, string Resolution, double SimulationDays, RecommendationPriority Priority,
    string Architecture, double? MaxHourlyPrice, double? Budget, TimeSpan? Deadline, bool Spot, string Region, int Top, string? Option = null,
    PlatformOffer? Platform = null);

/// <summary>
/// Ranks every catalogued instance type (and, for GCHP, node counts) for a run: each candidate is estimated by the
/// <see cref="CostEstimator"/>, plans GEOS-Chem cannot run are dropped, the user's limits applied, and one plan
/// per instance type kept so the list offers real alternatives.
/// </summary>
internal sealed class InstanceRecommender(CostEstimator estimator, InstanceCatalog catalog)
{
    private static readonly int[] GchpNodeCounts = [1, 2, 3, 4, 6, 8, 12, 16, 24, 32];

    public static InstanceRecommender Default { get; } = new(CostEstimator.Default, InstanceCatalog.Default);

    public IReadOnlyList<GcInstanceRecommendation> Recommend(RecommendationRequest request, DateOnly today, PriceBook? prices = null)
    {
        prices ??= PriceBook.CatalogOnly;
        if (request.Top < 1) throw Invalid(ErrorIds.TopInvalid, $"-Top {request.Top} is not a positive number.", "Give -Top 1 or more.", request.Top);
        var candidates = new List<PreparedEstimate>();
        GcException? lastRejection = null;
        foreach (var spec in catalog.Specs)
        {
            if (request.Architecture != "Any" && spec.Architecture != request.Architecture) continue;
            if (spec.Family == "t3") continue; // burstable: throttled under a sustained model run
            if (spec.InstanceType.Contains(".metal", StringComparison.Ordinal)) continue; // same price and specs as its largest virtual size
            if (!prices.OfferedIn(spec, request.Region)) continue;
            foreach (var nodes in NodeCountsFor(request, spec))
            {
                var prepared = estimator.TryPrepare(new EstimateRequest(request.Model, request.Simulation, request.Resolution, request.SimulationDays,
                    spec.InstanceType, nodes, null, request.Spot, request.Region, request.Option), today, prices, out var rejection);
                if (prepared is not null) candidates.Add(prepared);
                else lastRejection = rejection; // this instance or node count cannot run the plan; others may
            }
        }
        if (candidates.Count == 0)
        {
            throw lastRejection ?? Invalid(ErrorIds.NoCandidates, "No catalogued instance type matches the -Architecture given.", "Use -Architecture Any.", request.Architecture);
        }

        // GCHP plans with fewer than ~100 columns per rank are estimated but not recommended while efficient ones exist.
        var efficient = candidates.Where(c => c.Spec.Name != "GCHP" || c.Grid.Columns / (c.Nodes * c.CoresPerNode) >= CostEstimator.GchpEfficientColumnsPerRank).ToList();
        if (efficient.Count > 0) candidates = efficient;
        var limited = candidates
            .Where(c => request.MaxHourlyPrice is not { } max || c.Price is { } price && price.UsdPerHour <= max)
            .Where(c => request.Budget is not { } budget || c.Cost is { } cost && cost <= budget)
            .Where(c => request.Deadline is not { } deadline || c.Hours <= deadline.TotalHours)
            .ToList();
        if (limited.Count == 0) throw NothingFits(request, candidates);

        if (request.Platform is { } platform) return OnPlatform(limited, request, platform);
        var bestPerType = limited.GroupBy(c => c.Instance.InstanceType).Select(g => g.OrderBy(c => Score(c, request)).First());
        return bestPerType.OrderBy(c => Score(c, request)).ThenBy(c => c.Instance.InstanceType, StringComparer.Ordinal)
            .Take(request.Top).Select((c, i) => ToRecommendation(estimator.Describe(c), i + 1, request)).ToList();
    }

    /// <summary>
    /// The best plans the platform can run, ranked as without it. When the overall best plan is one it cannot run, the
    /// first recommendation says which and why; when it can run none, the overall best plans come back marked as such.
    /// </summary>
    private List<GcInstanceRecommendation> OnPlatform(List<PreparedEstimate> limited, RecommendationRequest request, PlatformOffer platform)
    {
        string? WhyNot(PreparedEstimate c) => platform.WhyNot(c.Instance, c.Nodes, request.Spot);
        var ordered = limited.OrderBy(c => Score(c, request)).ThenBy(c => c.Instance.InstanceType, StringComparer.Ordinal).ToList();
        var overall = ordered[0];
        var runnable = ordered.Where(c => WhyNot(c) is null).ToList();
        if (runnable.Count == 0)
        {
            return [.. BestPerType(ordered).Take(request.Top).Select((c, i) =>
            {
                var r = ToRecommendation(estimator.Describe(c), i + 1, request);
                (r.OnPlatform, r.PlatformNote) = (false, $"Not available on {platform.Name}: {WhyNot(c)}.");
                return r;
            })];
        }
        var result = BestPerType(runnable).Take(request.Top).Select((c, i) => ToRecommendation(estimator.Describe(c), i + 1, request)).ToList();
        foreach (var r in result) r.OnPlatform = true;
        if (WhyNot(overall) is { } why)
        {
            var plan = overall.Nodes > 1 ? $"{overall.Nodes} x {overall.Instance.InstanceType}" : overall.Instance.InstanceType;
            var cost = overall.Cost is { } usd ? $", ${usd:0.00}" : "";
            result[0].PlatformNote = $"The overall best plan, {plan} ({overall.Hours:0.#} h{cost}), is not available on {platform.Name}: {why}.";
        }
        return result;
    }

    private static IEnumerable<PreparedEstimate> BestPerType(List<PreparedEstimate> ordered) =>
        ordered.GroupBy(c => c.Instance.InstanceType).Select(g => g.First());

    private static IEnumerable<int> NodeCountsFor(RecommendationRequest request, InstanceSpec spec) =>
        // Multi-node only for GCHP, On-Demand, and over EFA: over TCP GCHP scales too poorly to recommend.
        request.Model.Equals("GCHP", StringComparison.OrdinalIgnoreCase) && !request.Spot && spec.EfaSupported ? GchpNodeCounts : [1];

    /// <summary>
    /// Lower is better, compared in order: plans with a cost before those without (when cost matters), then the
    /// priority's measure, then the other. Spot plans are ranked by their On-Demand cost (the catalog has no Spot
    /// prices, and Spot discounts follow On-Demand prices closely enough to order plans by).
    /// </summary>
    private (int Unpriced, double Primary, double Secondary) Score(PreparedEstimate c, RecommendationRequest request)
    {
        var cost = RankingCost(c.Cost, c.Instance.InstanceType, c.Nodes, c.Hours, request);
        return request.Priority switch
        {
            RecommendationPriority.Cost => (cost is null ? 1 : 0, cost ?? c.Hours, c.Hours),
            RecommendationPriority.Time => (0, c.Hours, cost ?? double.MaxValue),
            _ => (cost is null ? 1 : 0, cost is { } priced ? priced * c.Hours : c.Hours, c.Hours),
        };
    }

    private double? RankingCost(double? cost, string instanceType, int nodes, double hours, RecommendationRequest request) =>
        cost ?? (request.Spot && catalog.Find(instanceType)!.OnDemandPrices.TryGetValue(request.Region, out var onDemand)
            ? onDemand * nodes * hours : null);

    private GcInstanceRecommendation ToRecommendation(GcCostEstimate c, int rank, RecommendationRequest request)
    {
        var spec = catalog.Find(c.InstanceType)!;
        var layout = c.NodeCount > 1 ? $"{c.NodeCount} nodes x {c.CoresPerNode} ranks over EFA" : $"{c.CoresPerNode} {(c.Model == "GCHP" ? "ranks" : "threads")} on one node";
        var money = c.EstimatedCost is { } cost ? $"${cost:0.00} {c.PricingModel}"
            : request.Spot && RankingCost(c.EstimatedCost, c.InstanceType, c.NodeCount, c.EstimatedWallHours, request) is { } ceiling ? $"Spot price not in the catalog (ranked by On-Demand ${ceiling:0.00}, the ceiling)"
            : $"no {c.PricingModel} price in the catalog";
        return new GcInstanceRecommendation
        {
            Rank = rank,
            InstanceType = c.InstanceType,
            Architecture = c.Architecture,
            NodeCount = c.NodeCount,
            CoresPerNode = c.CoresPerNode,
            VCpus = spec.VCpus,
            MemoryGiB = spec.MemoryGiB,
            RequiredMemoryGiB = c.RequiredMemoryGiB,
            EstimatedWallHours = c.EstimatedWallHours,
            LowWallHours = c.LowWallHours,
            HighWallHours = c.HighWallHours,
            EstimatedCost = c.EstimatedCost,
            HourlyPrice = c.HourlyPrice,
            PricingModel = c.PricingModel,
            Spot = request.Spot,
            Confidence = c.Confidence,
            Rationale = $"{request.Priority}: {c.EstimatedWallHours:0.#} h ({c.LowWallHours:0.#}-{c.HighWallHours:0.#}), {money}; {layout}; {spec.Processor}, {spec.MemoryGiB:0} GiB (needs {c.RequiredMemoryGiB:0.#}); " +
                $"per day input {c.InputSecondsPerDay:0} s, chemistry {c.ChemistrySecondsPerDay:0} s, transport {c.TransportSecondsPerDay:0} s, output {c.OutputSecondsPerDay:0} s; {c.Confidence} confidence.",
            Basis = c.Basis,
            Warnings = c.Warnings,
            Region = c.Region,
            Model = c.Model,
            Simulation = c.Simulation,
            Option = c.Option,
            Resolution = c.Resolution,
            SimulationDays = c.SimulationDays,
        };
    }

    private static GcException NothingFits(RecommendationRequest request, List<PreparedEstimate> candidates)
    {
        var limits = new List<string>();
        if (request.MaxHourlyPrice is { } max) limits.Add($"at most ${max:0.##} per node-hour");
        if (request.Budget is { } budget) limits.Add($"a budget of ${budget:0.##}");
        if (request.Deadline is { } deadline) limits.Add($"a deadline of {deadline.TotalHours:0.#} h");
        var cheapest = candidates.Where(c => c.Cost is not null).OrderBy(c => c.Cost).FirstOrDefault();
        var fastest = candidates.OrderBy(c => c.Hours).First();
        var options = (cheapest is null ? "" : $"The cheapest plan is {cheapest.Nodes} x {cheapest.Instance.InstanceType} at ${cheapest.Cost:0.00} ({cheapest.Hours:0.#} h); ")
                      + $"the fastest is {fastest.Nodes} x {fastest.Instance.InstanceType} at {fastest.Hours:0.#} h"
                      + (fastest.Cost is { } fc ? $" (${fc:0.00})." : ".");
        return Invalid(ErrorIds.NothingFits, $"No plan for {request.Model} {request.Simulation} {request.Resolution} over {request.SimulationDays:0.#} days meets {string.Join(" and ", limits)}.",
            options + " Relax a limit, shorten the run, or split it into shorter jobs.", request.Budget ?? (object?)request.Deadline ?? request.MaxHourlyPrice);
    }

    private static GcException Invalid(string id, string problem, string fix, object? target) => new(id, GcErrorKind.InvalidArgument, problem, fix, target);
}
