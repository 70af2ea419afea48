using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Tests;

public sealed class InstanceRecommenderTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static IReadOnlyList<GcInstanceRecommendation> Recommend(string model, string sim, string res, double days,
        RecommendationPriority priority = RecommendationPriority.Balanced, string arch = "x86_64", double? maxPrice = null, double? budget = null,
        TimeSpan? deadline = null, bool spot = false, int top = 5) =>
        InstanceRecommender.Default.Recommend(new RecommendationRequest(model, sim, res, days, priority, arch, maxPrice, budget, deadline, spot, "us-east-1", top), Today);

    [Fact]
    public void RanksAreOrderedByThePriority()
    {
        var byCost = Recommend("GCHP", "fullchem", "C90", 31, RecommendationPriority.Cost, top: 10);
        Assert.Equal(Enumerable.Range(1, 10), byCost.Select(r => r.Rank));
        Assert.Equal(byCost.Select(r => r.EstimatedCost).Order(), byCost.Select(r => r.EstimatedCost));
        var byTime = Recommend("GCHP", "fullchem", "C90", 31, RecommendationPriority.Time, top: 10);
        Assert.Equal(byTime.Select(r => r.EstimatedWallHours).Order(), byTime.Select(r => r.EstimatedWallHours));
        Assert.True(byTime[0].EstimatedWallHours < byCost[0].EstimatedWallHours);
        Assert.True(byCost[0].EstimatedCost < byTime[0].EstimatedCost);
    }

    [Fact]
    public void EachInstanceTypeAppearsOnceAndNoMetalOrBurstableTypes()
    {
        var all = Recommend("GCHP", "fullchem", "C180", 31, RecommendationPriority.Time, top: 50);
        Assert.Equal(all.Count, all.Select(r => r.InstanceType).Distinct().Count());
        Assert.DoesNotContain(all, r => r.InstanceType.Contains(".metal") || r.InstanceType.StartsWith("t3."));
    }

    [Fact]
    public void ArchitectureFilterIsHonouredAndX86IsTheDefault()
    {
        Assert.All(Recommend("GCClassic", "fullchem", "4x5", 31, top: 20), r => Assert.Equal("x86_64", r.Architecture));
        var arm = Recommend("GCClassic", "fullchem", "4x5", 31, arch: "arm64", top: 20);
        Assert.All(arm, r => Assert.Equal("arm64", r.Architecture));
        Assert.All(arm, r => Assert.Equal("Low", r.Confidence));
    }

    [Fact]
    public void LimitsAreAppliedAndNothingFittingSaysWhatWould()
    {
        Assert.All(Recommend("GCHP", "fullchem", "C90", 31, maxPrice: 3), r => Assert.True(r.HourlyPrice <= 3));
        Assert.All(Recommend("GCHP", "fullchem", "C90", 31, budget: 60), r => Assert.True(r.EstimatedCost <= 60));
        Assert.All(Recommend("GCHP", "fullchem", "C90", 31, deadline: TimeSpan.FromHours(12)), r => Assert.True(r.EstimatedWallHours <= 12));
        var error = Assert.Throws<GcException>(() => Recommend("GCHP", "fullchem", "C90", 31, budget: 5));
        Assert.Equal("GcNothingFits", error.ErrorId);
        Assert.Contains("The cheapest plan is", error.Fix);
        Assert.Contains("the fastest is", error.Fix);
    }

    [Fact]
    public void SpotPlansAreSingleNodeAndRankedByTheOnDemandCeiling()
    {
        var spot = Recommend("GCHP", "fullchem", "C180", 31, RecommendationPriority.Cost, spot: true, top: 10);
        Assert.All(spot, r => Assert.Equal(1, r.NodeCount)); // Batch runs no multi-node jobs on Spot
        Assert.All(spot, r => Assert.Null(r.EstimatedCost));
        Assert.All(spot, r => Assert.True(r.Spot));
        Assert.Contains("ranked by On-Demand", spot[0].Rationale);
        var ceilings = spot.Select(r => InstanceCatalog.Default.Find(r.InstanceType)!.OnDemandPrices["us-east-1"] * r.EstimatedWallHours).ToList();
        for (var i = 1; i < ceilings.Count; i++) Assert.True(ceilings[i] >= ceilings[i - 1] * 0.99, $"rank {i + 1} is cheaper than rank {i}");
    }

    [Fact]
    public void MultiNodePlansUseEfa()
    {
        var byTime = Recommend("GCHP", "fullchem", "C180", 31, RecommendationPriority.Time, top: 20);
        Assert.Contains(byTime, r => r.NodeCount > 1);
        Assert.All(byTime.Where(r => r.NodeCount > 1), r => Assert.True(InstanceCatalog.Default.Find(r.InstanceType)!.EfaSupported));
    }

    [Fact]
    public void ImpossibleRunsFailOnceWithTheirReason()
    {
        Assert.Equal("GcResolutionInvalid", Assert.Throws<GcException>(() => Recommend("GCClassic", "fullchem", "C48", 31)).ErrorId);
        Assert.Equal("GcSimulationDaysInvalid", Assert.Throws<GcException>(() => Recommend("GCHP", "fullchem", "C24", 0)).ErrorId);
        Assert.Equal("GcTopInvalid", Assert.Throws<GcException>(() => Recommend("GCHP", "fullchem", "C24", 31, top: 0)).ErrorId);
    }

    [Fact]
    public void RecommendationsCarryWhatTheNextCommandsBindTo()
    {
        var r = Recommend("GCHP", "TransportTracers", "C90", 365)[0];
        Assert.Equal(("GCHP", "TransportTracers", "C90", 365.0), (r.Model, r.Simulation, r.Resolution, r.SimulationDays));
        Assert.True(r.NodeCount >= 1 && r.VCpus > 0 && r.MemoryGiB > 0);
        Assert.Equal("us-east-1", r.Region);
    }
}
