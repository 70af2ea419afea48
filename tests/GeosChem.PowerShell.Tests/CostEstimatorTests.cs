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
        var arm = Estimate("GCClassic", "fullchem", "4x5", 31, "c7g.16xlarge");
        var x86 = Estimate("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge");
        Assert.Equal("Low", arm.Confidence);
        Assert.NotEqual("Low", x86.Confidence);
        Assert.True(arm.HighWallHours / arm.LowWallHours > 4 * (x86.HighWallHours / x86.LowWallHours) * 0.99);
        Assert.Contains(arm.Warnings, w => w.Contains("Benchmark first"));
    }

    [Fact]
    public void ThinEvidenceUnmeasuredSimulationsAndResolutionsAreLowConfidence()
    {
        Assert.Equal("Low", Estimate("GCClassic", "Hg", "4x5", 31, "c7i.16xlarge").Confidence);
        var c48 = Estimate("GCHP", "fullchem", "C48", 31, "c7i.48xlarge");
        Assert.Equal("Low", c48.Confidence); // one source (GCHP#511) behind C24-C48
        Assert.Contains("geoschem/GCHP#511", c48.Basis);
        Assert.Contains(c48.Warnings, w => w.Contains("Thin evidence"));
        var classic = Estimate("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge");
        Assert.NotEqual("Low", classic.Confidence); // four sources at 4x5
        Assert.Contains("evidence at GCClassic 4x5: ", classic.Basis);
        Assert.Equal("Low", Estimate("GCClassic", "fullchem", "2x2.5", 31, "c7i.16xlarge").Confidence); // no published 2x2.5 run with its processor
    }

    [Fact]
    public void TheEstimateExplainsItsComponents()
    {
        var e = Estimate("GCHP", "fullchem", "C90", 31, "c7i.48xlarge");
        Assert.True(e.InputSecondsPerDay > 0 && e.ChemistrySecondsPerDay > 0 && e.TransportSecondsPerDay > 0 && e.OutputSecondsPerDay > 0);
        Assert.Equal(e.EstimatedWallTime.TotalSeconds, (e.InputSecondsPerDay + e.ChemistrySecondsPerDay + e.TransportSecondsPerDay + e.OutputSecondsPerDay) * 31, e.EstimatedWallTime.TotalSeconds * 0.01);
        Assert.Contains("Per simulated day: input", e.Basis);
        Assert.Equal("gchp", e.Executable);
        // Input does not shrink with cores; chemistry does.
        var twice = Estimate("GCHP", "fullchem", "C90", 31, "c7i.48xlarge", nodes: 2);
        Assert.Equal(e.InputSecondsPerDay, twice.InputSecondsPerDay, 1);
        Assert.True(twice.ChemistrySecondsPerDay < 0.6 * e.ChemistrySecondsPerDay);
    }

    [Fact]
    public void MemoryIsPerRankPlusTheGlobalStateEachNodeHolds()
    {
        var domain = GeosChemDomain.Default;
        var gchp = domain.Models["GCHP"];
        var fullchem = GeosChem.PowerShell.Planning.Runtime.ProcessorSpeeds.Default.WorkOf("fullchem");
        GridResolution Grid(string name) => gchp.Resolutions.Single(r => r.Name == name);
        // C24 fullchem on 30 ranks ran out of memory at 80 GB and ran at 120 GB (GCHP#471).
        Assert.InRange(MemoryModel.RequiredGiBPerNode(gchp, Grid("C24"), fullchem, 30, 30), 80 * 1e9 / (1 << 30), 120 * 1e9 / (1 << 30));
        // Harvard runs C24 with 48 ranks per node, 2 nodes, --mem=180000 (MB per node).
        Assert.True(MemoryModel.RequiredGiBPerNode(gchp, Grid("C24"), fullchem, 48, 96) <= 180_000 * 1e6 / (1 << 30));
        // C180 fullchem at about 2 GiB per rank ran out of memory on a 48-rank node.
        Assert.True(MemoryModel.RequiredGiBPerNode(gchp, Grid("C180"), fullchem, 48, 480) > 2 * 48);
        // Classic: above the measured 12 GB (4x5 benchmark) and 20 GB MaxRSS (2x2.5) with headroom, within the docs' 15 GB and 40 GB.
        var classic = domain.Models["GCClassic"];
        double Classic(string res) => MemoryModel.RequiredGiBPerNode(classic, classic.Resolutions.Single(r => r.Name == res), fullchem, 1, 1);
        Assert.InRange(Classic("4x5"), 12e9 / (1 << 30), 16 * 1.1);
        Assert.InRange(Classic("2x2.5"), 1.2 * 20e9 / (1 << 30), 40e9 / (1 << 30));
        Assert.True(Classic("0.5x0.625_NA") >= 30e9 / (1 << 30) * 0.95); // docs: at least 30 GB for 0.5 nested
        // The m7a.xlarge that once got a month of fullchem: 16 GiB leaves a job 14.
        Assert.Equal("GcPlanMemoryShort", Rejects("GCClassic", "fullchem", "4x5", 31, "m7a.xlarge"));
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
    [InlineData("GCHP", "fullchem", "C24", 31, "hpc7a.96xlarge", 2, 192, false, "GcPlanInvalid")]            // 384 ranks > 216 at C24
    [InlineData("GCHP", "fullchem", "C90", 31, "hpc7a.96xlarge", 16, 192, false, "GcPlanInvalid")]           // 3,072 > 2,904 at C90
    [InlineData("GCHP", "fullchem", "C24", 31, "hpc7a.96xlarge", 1, 186, false, "GcPlanInvalid")]            // 186 < 216, but Z = 31 is prime: a 1 x 31 split
    [InlineData("GCHP", "fullchem", "C24", 31, "c5.xlarge", 1, null, false, "GcPlanInvalid")]                // fewer than 6 cores
    [InlineData("GCClassic", "fullchem", "2x2.5", 31, "c5.2xlarge", 1, null, false, "GcPlanMemoryShort")]    // a job gets 14 of 16 GiB; 2x2.5 needs ~24
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
    public void CompileTimeOptionsAreOfferedOnlyWhereAnImageIsBuiltWithThem()
    {
        // The images are built by dockerfiles/scripts/build-geoschem.sh: default, -DMECH=carbon and -DMECH=Hg; no TOMAS, APM or RRTMG.
        foreach (var option in new[] { "TOMAS15", "TOMAS40", "APM", "RRTMG" })
        {
            var refused = Assert.Throws<GcException>(() => CostEstimator.Default.Estimate(
                new EstimateRequest("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge", 1, null, false, "us-east-1", option), Today));
            Assert.Equal("GcOptionNotBuilt", refused.ErrorId);
            Assert.Contains("-D", refused.Message);
        }
        var benchmark = CostEstimator.Default.Estimate(new EstimateRequest("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge", 1, null, false, "us-east-1", "benchmark"), Today);
        var standard = Estimate("GCClassic", "fullchem", "4x5", 31, "c7i.16xlarge");
        Assert.Equal(("standard", "benchmark"), (standard.Option, benchmark.Option));
        Assert.True(benchmark.OutputSecondsPerDay > standard.OutputSecondsPerDay); // the benchmark diagnostics
        Assert.Equal("gcclassic-carbon", Estimate("GCClassic", "carbon", "4x5", 31, "c7i.16xlarge").Executable);
        Assert.Equal("gcclassic-hg", Estimate("GCClassic", "Hg", "4x5", 31, "c7i.16xlarge").Executable);
        Assert.Equal("gchp-carbon", Estimate("GCHP", "carbon", "C24", 31, "c7i.16xlarge").Executable);
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
