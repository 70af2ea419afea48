using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Tests;

/// <summary>The rules a plan must pass, and the shape of the estimates (not their accuracy, which Bench reports).</summary>
public sealed class CostEstimatorTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static GcCostEstimate Estimate(string model, string sim, string res, double days, string type, int nodes = 1, int? cores = null, bool spot = false, string region = "us-east-1") =>
        CostEstimator.Default.Estimate(new EstimateRequest(model, sim, res, days, type, nodes, cores, spot, region), Today);

    private static string Rejects(string model, string sim, string res, double days, string type, int nodes = 1, int? cores = null, bool spot = false) =>
        Assert.Throws<GcException>(() => Estimate(model, sim, res, days, type, nodes, cores, spot)).ErrorId;

    [Fact]
    public void AnEstimateCarriesARangeAPriceAndItsBasis()
    {
        var e = Estimate("gcclassic", "fullchem", "4x5", 31, "c7i.16xlarge");
        Assert.Equal(("GCClassic", "fullchem", "4x5", "x86_64"), (e.Model, e.Simulation, e.Resolution, e.Architecture));
        Assert.Equal(64, e.CoresPerNode); // OpenMP threads on every vCPU
        Assert.True(e.LowWallHours < e.EstimatedWallHours && e.EstimatedWallHours < e.HighWallHours);
        Assert.Equal(2.856, e.HourlyPrice);
        Assert.Equal(Math.Round(2.856 * e.EstimatedWallTime.TotalHours, 2), e.EstimatedCost!.Value, 1);
        Assert.Equal("2026-07-20 (catalog)", e.PriceAsOf);
        Assert.Contains("published runs", e.Basis);
        Assert.Contains("nearest runs: #", e.Basis);
        Assert.Contains(e.Warnings, w => w.Contains("2026-07-20")); // the catalog is 130 days old
    }

    [Fact]
    public void TheModelRespondsToEachTermInTheRightDirection()
    {
        double Hours(string model, string sim, string res, double days, string type, int nodes = 1) => Estimate(model, sim, res, days, type, nodes).EstimatedWallHours;
        Assert.Equal(2 * Hours("GCHP", "fullchem", "C90", 10, "c7i.48xlarge"), Hours("GCHP", "fullchem", "C90", 20, "c7i.48xlarge"), 1);
        Assert.True(Hours("GCHP", "TransportTracers", "C90", 31, "c7i.48xlarge") < Hours("GCHP", "fullchem", "C90", 31, "c7i.48xlarge"));
        Assert.True(Hours("GCHP", "fullchem", "C180", 31, "c7i.48xlarge") > Hours("GCHP", "fullchem", "C90", 31, "c7i.48xlarge"));
        Assert.True(Hours("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge") < Hours("GCClassic", "fullchem", "4x5", 31, "c5.9xlarge")); // newer and bigger
        Assert.True(Hours("GCClassic", "fullchem", "4x5", 31, "c7i.24xlarge") < Hours("GCClassic", "fullchem", "4x5", 31, "c7i.8xlarge"));
        Assert.True(Hours("GCHP", "fullchem", "C180", 31, "c5n.18xlarge", 16) < Hours("GCHP", "fullchem", "C180", 31, "c5n.18xlarge", 4));
    }

    [Fact]
    public void MultiNodeWithoutEfaIsSlowerAndSaysSo()
    {
        var efa = Estimate("GCHP", "fullchem", "C180", 31, "c5n.18xlarge", nodes: 8);
        var tcp = Estimate("GCHP", "fullchem", "C180", 31, "c5.18xlarge", nodes: 8);
        Assert.True(tcp.EstimatedWallHours > efa.EstimatedWallHours);
        Assert.Contains(tcp.Warnings, w => w.Contains("no EFA"));
        Assert.DoesNotContain(efa.Warnings, w => w.Contains("no EFA"));
    }

    [Fact]
    public void Arm64IsLowConfidenceWithAWiderRange()
    {
        var arm = Estimate("GCHP", "fullchem", "C90", 31, "c7g.16xlarge");
        var x86 = Estimate("GCHP", "fullchem", "C90", 31, "c7i.16xlarge");
        Assert.Equal("Low", arm.Confidence);
        Assert.NotEqual("Low", x86.Confidence);
        Assert.True(arm.HighWallHours / arm.LowWallHours > 4 * (x86.HighWallHours / x86.LowWallHours));
        Assert.Contains(arm.Warnings, w => w.Contains("Benchmark first"));
    }

    [Fact]
    public void UnmeasuredSimulationsAndResolutionsAreLowConfidence()
    {
        Assert.Equal("Low", Estimate("GCClassic", "Hg", "4x5", 31, "c7i.16xlarge").Confidence);
        Assert.Equal("Low", Estimate("GCHP", "fullchem", "C48", 31, "c7i.48xlarge").Confidence);
        Assert.Equal("Medium", Estimate("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge").Confidence); // calibrated on 12.1.1 only
    }

    [Fact]
    public void NoPriceIsEverInvented()
    {
        var spot = Estimate("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge", spot: true);
        Assert.Null(spot.EstimatedCost);
        Assert.Equal("Spot", spot.PricingModel);
        Assert.Contains(spot.Warnings, w => w.Contains("Spot prices"));
        var unpriced = Estimate("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge", region: "ap-southeast-2");
        Assert.Null(unpriced.HourlyPrice);
        Assert.Contains(unpriced.Warnings, w => w.Contains("no On-Demand price"));
    }

    [Theory]
    [InlineData("GCClassic", "fullchem", "4x5", 31, "c7i.48xlarge", 2, null, false, "GcPlanInvalid")]            // OpenMP: one node
    [InlineData("GCHP", "fullchem", "C180", 31, "c5n.18xlarge", 8, null, true, "GcPlanInvalid")]             // no multi-node on Spot
    [InlineData("GCHP", "fullchem", "C24", 31, "c7i.48xlarge", 1, 50, false, "GcPlanInvalid")]               // not a multiple of 6
    [InlineData("GCHP", "fullchem", "C24", 31, "hpc7a.96xlarge", 2, null, false, "GcPlanInvalid")]           // 384 ranks > 216 at C24
    [InlineData("GCHP", "fullchem", "C24", 31, "c5.xlarge", 1, null, false, "GcPlanInvalid")]                // fewer than 6 cores
    [InlineData("GCClassic", "fullchem", "2x2.5", 31, "c5.2xlarge", 1, null, false, "GcPlanMemoryShort")]    // 16 GiB < 40 GiB
    [InlineData("GCHP", "fullchem", "C48", 31, "c4.8xlarge", 1, 36, false, "GcPlanMemoryShort")]             // 60 GiB / 36 ranks = 1.7 GiB per rank
    [InlineData("GCHP", "fullchem", "C24", 0, "c7i.16xlarge", 1, null, false, "GcSimulationDaysInvalid")]
    [InlineData("GCHP", "fullchem", "C24", -5, "c7i.16xlarge", 1, null, false, "GcSimulationDaysInvalid")]
    [InlineData("GCHP", "fullchem", "C24", 31, "c7i.16xlarge", 0, null, false, "GcNodeCountInvalid")]
    [InlineData("GCHP", "fullchem", "C24", 31, "c7i.16xlarge", 1, 500, false, "GcCoresPerNodeInvalid")]
    [InlineData("GCHP", "fullchem", "4x5", 31, "c7i.16xlarge", 1, null, false, "GcResolutionInvalid")]
    [InlineData("GCClassic", "CO2", "4x5", 31, "c7i.16xlarge", 1, null, false, "GcSimulationRetired")]
    public void ImpossiblePlansAreRejectedWithAReason(string model, string sim, string res, double days, string type, int nodes, int? cores, bool spot, string errorId) =>
        Assert.Equal(errorId, Rejects(model, sim, res, days, type, nodes, cores, spot));

    [Fact]
    public void ChemistryOptionsAddWorkLowerConfidenceAndApplyToFullchemOnly()
    {
        var standard = Estimate("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge");
        var tomas = CostEstimator.Default.Estimate(new EstimateRequest("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge", 1, null, false, "us-east-1", "tomas15"), Today);
        Assert.Equal(("standard", "TOMAS15"), (standard.Option, tomas.Option));
        Assert.True(tomas.EstimatedWallHours > standard.EstimatedWallHours);
        Assert.Equal("Low", tomas.Confidence);
        Assert.Contains(tomas.Warnings, w => w.Contains("TOMAS15"));
        var error = Assert.Throws<GcException>(() => CostEstimator.Default.Estimate(
            new EstimateRequest("GCClassic", "TransportTracers", "4x5", 31, "c7i.16xlarge", 1, null, false, "us-east-1", "RRTMG"), Today));
        Assert.Equal("GcSimulationOptionInvalid", error.ErrorId);
    }

    [Fact]
    public void UnknownInstanceTypesGetASuggestion()
    {
        var error = Assert.Throws<GcException>(() => Estimate("GCHP", "fullchem", "C24", 31, "c7i.16xlarg"));
        Assert.Equal("GcInstanceTypeUnknown", error.ErrorId);
        Assert.Contains("'c7i.16xlarge'", error.Fix);
    }

    [Fact]
    public void GchpDefaultsToOneRankPerPhysicalCoreInMultiplesOfSix()
    {
        Assert.Equal(30, Estimate("GCHP", "fullchem", "C24", 31, "c7i.16xlarge").CoresPerNode); // 32 physical cores
        Assert.Equal(96, Estimate("GCHP", "fullchem", "C90", 31, "c7i.48xlarge").CoresPerNode);
        Assert.Equal(192, Estimate("GCHP", "fullchem", "C90", 31, "hpc7a.96xlarge").CoresPerNode);
    }
}
