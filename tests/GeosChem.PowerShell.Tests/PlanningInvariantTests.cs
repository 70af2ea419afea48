using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// Properties that must hold for every plan over the whole instance catalog, not for a few chosen cases: more cores
/// are never slower (unless the estimate says why), a finer grid never costs less, and a job definition never gets less
/// memory than the estimate requires.
/// </summary>
public sealed class PlanningInvariantTests
{
    private static readonly DateOnly Today = new(2026, 11, 27);

    private static GcCostEstimate? TryEstimate(string model, string res, string type, int nodes = 1, int? cores = null, string sim = "fullchem")
    {
        try
        {
            return CostEstimator.Default.Estimate(new EstimateRequest(model, sim, res, 31, type, nodes, cores, false, "us-east-1"), Today);
        }
        catch (GcException ex) when (ex.ErrorId is "GcPlanInvalid" or "GcPlanMemoryShort" or "GcInstanceTypeNotOffered")
        {
            return null;
        }
    }

    private static IEnumerable<IGrouping<string, InstanceSpec>> Families =>
        InstanceCatalog.Default.Specs.Where(s => s.Family != "t3" && !s.InstanceType.Contains(".metal")).GroupBy(s => s.Family);

    [Theory]
    [InlineData("GCClassic", "4x5")]
    [InlineData("GCClassic", "2x2.5")]
    [InlineData("GCHP", "C24")]
    [InlineData("GCHP", "C90")]
    [InlineData("GCHP", "C180")]
    public void WithinAFamilyMoreCoresAreNeverEstimatedSlower(string model, string res)
    {
        var checkedPairs = 0;
        foreach (var family in Families)
        {
            var estimates = family.Select(s => TryEstimate(model, res, s.InstanceType)).OfType<GcCostEstimate>()
                .OrderBy(e => e.CoresPerNode).ToList();
            for (var i = 1; i < estimates.Count; i++)
            {
                if (estimates[i].CoresPerNode == estimates[i - 1].CoresPerNode) continue;
                Assert.True(estimates[i].EstimatedWallTime <= estimates[i - 1].EstimatedWallTime,
                    $"{estimates[i].InstanceType} ({estimates[i].CoresPerNode}) is slower than {estimates[i - 1].InstanceType} ({estimates[i - 1].CoresPerNode}) for {model} {res}");
                checkedPairs++;
            }
        }
        Assert.True(checkedPairs > 20, $"only {checkedPairs} pairs compared");
    }

    [Theory]
    [InlineData("C90")]
    [InlineData("C180")]
    [InlineData("C360")]
    public void MoreNodesAreSlowerOnlyOverTcpAndTheEstimateSaysWhy(string res)
    {
        foreach (var type in new[] { "c5n.18xlarge", "hpc7a.96xlarge", "c7i.48xlarge", "c5.18xlarge", "m7a.48xlarge" })
        {
            GcCostEstimate? previous = null;
            foreach (var nodes in new[] { 1, 2, 4, 8, 16, 32 })
            {
                var e = TryEstimate("GCHP", res, type, nodes);
                if (e is null) continue;
                if (previous is not null && e.NodeCount * e.CoresPerNode > previous.NodeCount * previous.CoresPerNode && e.EstimatedWallTime > previous.EstimatedWallTime)
                {
                    Assert.Contains(e.Warnings, w => w.Contains("no EFA") && w.Contains("more nodes can be slower"));
                }
                previous = e;
            }
        }
    }

    [Fact]
    public void AFinerGridNeverCostsLessOnTheSameHardware()
    {
        var classic = new[] { "4x5", "2x2.5", "0.5x0.625", "0.25x0.3125" };
        var gchp = new[] { "C24", "C48", "C90", "C180", "C360" };
        var compared = 0;
        foreach (var spec in InstanceCatalog.Default.Specs.Where(s => s.Family != "t3"))
        {
            compared += Monotone(classic.Select(r => TryEstimate("GCClassic", r, spec.InstanceType)).ToList());
            // The same ranks on every grid, where every grid takes them.
            var ranks = Math.Min(spec.PhysicalCores - spec.PhysicalCores % 6, 216);
            if (ranks >= 6) compared += Monotone(gchp.Select(r => TryEstimate("GCHP", r, spec.InstanceType, 1, ranks)).ToList());
        }
        Assert.True(compared > 300, $"only {compared} pairs compared");

        static int Monotone(List<GcCostEstimate?> byGrid)
        {
            var pairs = 0;
            GcCostEstimate? coarser = null;
            foreach (var e in byGrid.OfType<GcCostEstimate>())
            {
                if (coarser is not null)
                {
                    Assert.True(e.EstimatedWallTime >= coarser.EstimatedWallTime, $"{e.Resolution} is cheaper than {coarser.Resolution} on {e.InstanceType}");
                    Assert.True(e.RequiredMemoryGiB >= coarser.RequiredMemoryGiB, $"{e.Resolution} needs less memory than {coarser.Resolution} on {e.InstanceType}");
                    pairs++;
                }
                coarser = e;
            }
            return pairs;
        }
    }

    [Theory]
    [InlineData("GCClassic", "fullchem", "4x5")]
    [InlineData("GCClassic", "fullchem", "2x2.5")]
    [InlineData("GCClassic", "fullchem", "0.25x0.3125_NA")]
    [InlineData("GCClassic", "carbon", "2x2.5")]
    [InlineData("GCHP", "fullchem", "C24")]
    [InlineData("GCHP", "fullchem", "C180")]
    [InlineData("GCHP", "TransportTracers", "C360")]
    public void AJobDefinitionNeverGetsLessMemoryThanTheEstimateRequires(string model, string sim, string res)
    {
        var recommendations = InstanceRecommender.Default.Recommend(new RecommendationRequest(model, sim, res, 31, RecommendationPriority.Balanced, "Any",
            null, null, null, false, "us-east-1", 500), Today);
        Assert.NotEmpty(recommendations);
        foreach (var r in recommendations)
        {
            var jobMemory = MemoryModel.JobDefinitionGiB(InstanceCatalog.Default.Find(r.InstanceType)!);
            Assert.True(r.RequiredMemoryGiB > 0 && jobMemory >= r.RequiredMemoryGiB, $"{r.InstanceType}: needs {r.RequiredMemoryGiB} GiB, a job gets {jobMemory}");
        }
    }

    [Fact]
    public void EveryEstimateSplitsItsTimeIntoTheComponents()
    {
        foreach (var spec in InstanceCatalog.Default.Specs.Where(s => s.Family != "t3").Take(120))
        {
            foreach (var e in new[] { TryEstimate("GCClassic", "4x5", spec.InstanceType), TryEstimate("GCHP", "C90", spec.InstanceType) }.OfType<GcCostEstimate>())
            {
                var perDay = e.InputSecondsPerDay + e.ChemistrySecondsPerDay + e.TransportSecondsPerDay + e.OutputSecondsPerDay;
                Assert.Equal(e.EstimatedWallTime.TotalSeconds, perDay * e.SimulationDays, e.EstimatedWallTime.TotalSeconds * 0.01);
                Assert.True(e.InputSecondsPerDay > 0 && e.ChemistrySecondsPerDay > 0 && e.TransportSecondsPerDay > 0 && e.OutputSecondsPerDay > 0);
                Assert.Matches(@"Per simulated day: input \d+ s \+ chemistry \d+ s \+ transport \d+ s \+ output \d+ s", e.Basis);
            }
        }
    }

    [Fact]
    public void Arm64EstimatesAreLowConfidenceEverywhereBecauseNoArm64RunIsFitted()
    {
        foreach (var spec in InstanceCatalog.Default.Specs.Where(s => s.Architecture == "arm64" && s.Family != "t3"))
        {
            foreach (var e in new[] { TryEstimate("GCClassic", "4x5", spec.InstanceType), TryEstimate("GCHP", "C48", spec.InstanceType) }.OfType<GcCostEstimate>())
            {
                Assert.Equal("Low", e.Confidence);
                Assert.Contains(e.Warnings, w => w.Contains("no full-chemistry arm64 run is in the evidence"));
            }
        }
    }

    [Fact]
    public void UnmeasuredClassesAreLowConfidenceAndNameTheirEvidence()
    {
        foreach (var res in GeosChemDomain.Default.Models["GCClassic"].Resolutions)
        {
            var e = TryEstimate("GCClassic", res.Name, "x2idn.32xlarge");
            Assert.NotNull(e);
            var evidence = ModelAccuracy.Default.For("GCClassic", ModelAccuracy.ClassOf("GCClassic", res.Name));
            if (evidence.Thin) Assert.Equal("Low", e!.Confidence);
            Assert.Contains(evidence.Runs == 0 ? "no published GCClassic run" : $"{evidence.Runs} runs from {evidence.Sources.Count} source(s)", e!.Basis);
        }
    }
}
