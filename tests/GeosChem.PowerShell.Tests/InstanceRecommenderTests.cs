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
        Assert.All(Recommend("GCHP", "fullchem", "C90", 31, budget: 250), r => Assert.True(r.EstimatedCost <= 250));
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

    [Fact]
    public void AMonthOfClassic4x5FullchemGetsAMultiCoreNodeWithTheMemoryItNeeds()
    {
        // GEOS-Chem's own 1-month benchmark: 3-3.5 h on 48 cores (geos-chem#2108); GCST runs it on 48-64 vCPUs with 40 GB;
        // Harvard's sample geoschem.run asks for 8 cores and 15 GB for a standard run.
        var top = Recommend("GCClassic", "fullchem", "4x5", 31, top: 5);
        Assert.All(top, r => Assert.InRange(r.VCpus, 8, 192));
        Assert.All(top, r => Assert.True(r.RequiredMemoryGiB >= 12e9 / (1 << 30) && Math.Floor(r.MemoryGiB * 0.9) >= r.RequiredMemoryGiB));
        Assert.All(top, r => Assert.InRange(r.EstimatedWallHours, 1, 12));
        Assert.All(top, r => Assert.Contains("evidence at GCClassic 4x5", r.Basis));
        var fastest = Recommend("GCClassic", "fullchem", "4x5", 31, RecommendationPriority.Time, top: 1)[0];
        Assert.True(fastest.VCpus >= 48, $"{fastest.InstanceType} has {fastest.VCpus} vCPUs");
    }

    [Fact]
    public void AMonthOfClassic2x2_5FullchemGetsAtLeastTheDocumentedMemory()
    {
        var top = Recommend("GCClassic", "fullchem", "2x2.5", 31, top: 5);
        Assert.All(top, r => Assert.True(r.RequiredMemoryGiB >= 1.2 * 20e9 / (1 << 30) && Math.Floor(r.MemoryGiB * 0.9) >= r.RequiredMemoryGiB, r.InstanceType)); // measured MaxRSS 20 GB
        Assert.All(top, r => Assert.Equal("Low", r.Confidence)); // no 2x2.5 run with a known processor in the evidence
        Assert.All(top, r => Assert.InRange(r.VCpus, 8, 192));
        Assert.All(top, r => Assert.True(r.EstimatedWallHours > Recommend("GCClassic", "fullchem", "4x5", 31, top: 1)[0].EstimatedWallHours));
    }

    [Theory]
    [InlineData("C48")]
    [InlineData("C90")]
    [InlineData("C180")]
    [InlineData("C360")]
    public void GchpMonthsGetRankCountsAGeosChemEngineerWouldUse(string res)
    {
        var grid = GeosChemDomain.Default.Models["GCHP"].Resolutions.Single(g => g.Name == res);
        foreach (var r in Recommend("GCHP", "fullchem", res, 31, top: 5))
        {
            var ranks = r.NodeCount * r.CoresPerNode;
            // Within the grid's limit, at least ~100 columns per rank (GCHP docs), and enough ranks that a month does not take weeks.
            Assert.InRange(ranks, 6, grid.MaxCores!.Value);
            Assert.True(grid.Columns / ranks >= CostEstimator.GchpEfficientColumnsPerRank, $"{res}: {ranks} ranks leave {grid.Columns / ranks} columns each");
            Assert.Null(GchpDecomposition.Problem(grid.CubeSize, ranks));
            Assert.True(r.EstimatedWallHours < 24 * 14, $"{res} on {ranks} ranks: {r.EstimatedWallHours} h");
            Assert.True(Math.Floor(r.MemoryGiB * 0.9) >= r.RequiredMemoryGiB);
            if (r.NodeCount > 1) Assert.True(InstanceCatalog.Default.Find(r.InstanceType)!.EfaSupported);
            Assert.Contains("Per simulated day: input", r.Basis);
        }
    }

    [Fact]
    public void CompileTimeOptionsNoImageIsBuiltWithFailOnceWithTheirReason()
    {
        var error = Assert.Throws<GcException>(() => InstanceRecommender.Default.Recommend(new RecommendationRequest("GCClassic", "fullchem", "4x5", 31,
            RecommendationPriority.Balanced, "x86_64", null, null, null, false, "us-east-1", 5, "TOMAS15"), Today));
        Assert.Equal("GcOptionNotBuilt", error.ErrorId);
        Assert.Contains("-DTOMAS=y", error.Message);
    }

    private static IReadOnlyList<GcInstanceRecommendation> OnPlatform(PlatformOffer platform, string model, string sim, string res, double days,
        RecommendationPriority priority = RecommendationPriority.Balanced, bool spot = false, int top = 5) =>
        InstanceRecommender.Default.Recommend(new RecommendationRequest(model, sim, res, days, priority, "x86_64", null, null, null, spot, "us-east-1", top,
            Platform: platform), Today);

    private static PlatformOffer Platform(string[]? spot = null, string[]? onDemand = null, string[]? multiNode = null, int maxVCpus = 256) =>
        new(spot ?? ["c7i"], onDemand ?? ["c7i"], multiNode ?? [], maxVCpus, "the test platform");

    [Fact]
    public void APlatformWithoutTheOverallBestFamilyGetsItsOwnBestAndIsToldWhatItMisses()
    {
        var overall = Recommend("GCClassic", "fullchem", "4x5", 31, top: 10);
        var otherFamily = overall.Select(r => r.InstanceType.Split('.')[0]).First(f => f != overall[0].InstanceType.Split('.')[0]);
        var limited = OnPlatform(Platform(onDemand: [otherFamily]), "GCClassic", "fullchem", "4x5", 31);

        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.Equal((true, otherFamily), (r.OnPlatform!.Value, r.InstanceType.Split('.')[0])));
        Assert.Contains($"The overall best plan, {overall[0].InstanceType}", limited[0].PlatformNote);
        Assert.Contains($"offers {otherFamily}, not {overall[0].InstanceType}", limited[0].PlatformNote);
        Assert.All(limited.Skip(1), r => Assert.Null(r.PlatformNote));
        Assert.Equal(Enumerable.Range(1, limited.Count), limited.Select(r => r.Rank));
    }

    [Fact]
    public void MultiNodePlansNeedTheEfaEnvironmentAndFitTheVCpuLimit()
    {
        var overall = Recommend("GCHP", "fullchem", "C180", 31, RecommendationPriority.Time);
        Assert.True(overall[0].NodeCount > 1, "the fastest C180 plan should span nodes");

        var noEfa = OnPlatform(Platform(onDemand: ["c7i", "c7a", "hpc7a.96xlarge"], maxVCpus: 100_000), "GCHP", "fullchem", "C180", 31, RecommendationPriority.Time);
        Assert.All(noEfa, r => Assert.Equal(1, r.NodeCount));
        Assert.Contains("no EFA multi-node environment", noEfa[0].PlatformNote);

        var efa = OnPlatform(Platform(onDemand: ["c7i"], multiNode: ["hpc7a.96xlarge"], maxVCpus: 768), "GCHP", "fullchem", "C180", 31, RecommendationPriority.Time);
        Assert.All(efa, r => Assert.True(r.NodeCount == 1 || r.InstanceType == "hpc7a.96xlarge"));
        Assert.All(efa, r => Assert.True(r.VCpus * r.NodeCount <= 768, $"{r.NodeCount} x {r.InstanceType} exceeds 768 vCPUs"));
        Assert.Contains(efa, r => r.NodeCount > 1);
    }

    [Fact]
    public void SpotPlansNeedTheSpotEnvironmentsTypes()
    {
        var limited = OnPlatform(Platform(spot: ["m7i"], onDemand: ["c7i"]), "GCClassic", "fullchem", "4x5", 31, spot: true);
        Assert.All(limited, r => Assert.StartsWith("m7i.", r.InstanceType));
    }

    [Fact]
    public void APlatformThatCanRunNothingGetsTheOverallBestMarkedUnavailable()
    {
        var limited = OnPlatform(Platform(onDemand: ["c7g"]), "GCClassic", "fullchem", "4x5", 31); // arm64 only, x86_64 asked
        Assert.NotEmpty(limited);
        Assert.All(limited, r => Assert.False(r.OnPlatform));
        Assert.All(limited, r => Assert.Contains("Not available on the test platform", r.PlatformNote));
        Assert.Equal(Recommend("GCClassic", "fullchem", "4x5", 31).Select(r => r.InstanceType), limited.Select(r => r.InstanceType));
    }

    [Fact]
    public void WithoutAPlatformNothingIsSaidAboutOne()
    {
        Assert.All(Recommend("GCClassic", "fullchem", "4x5", 31), r => Assert.Equal((null, null), (r.OnPlatform, r.PlatformNote)));
    }
}
