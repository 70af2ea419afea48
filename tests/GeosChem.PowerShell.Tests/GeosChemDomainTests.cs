using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Tests;

public sealed class GeosChemDomainTests
{
    private static readonly GeosChemDomain Domain = GeosChemDomain.Default;

    [Theory]
    [InlineData("gcclassic", "FULLCHEM", "4X5", "GCClassic", "fullchem", "4x5")]
    [InlineData("GCHP", "transporttracers", "c90", "GCHP", "TransportTracers", "C90")]
    [InlineData("GCClassic", "Hg", "0.25x0.3125", "GCClassic", "Hg", "0.25x0.3125")]
    [InlineData("GCClassic", "fullchem", "0.5x0.625_na", "GCClassic", "fullchem", "0.5x0.625_NA")]
    public void ValidCombinationsComeBackInCanonicalSpelling(string model, string sim, string res, string m, string s, string r)
    {
        var (spec, simulation, grid) = Domain.Resolve(model, sim, res);
        Assert.Equal((m, s, r), (spec.Name, simulation, grid.Name));
    }

    [Theory]
    [InlineData("GCHP", "fullchem", "4x5", "GcResolutionInvalid", "cubed-sphere")]
    [InlineData("GCClassic", "fullchem", "C48", "GcResolutionInvalid", "latitude-longitude")]
    [InlineData("GCHP", "Hg", "C24", "GcSimulationUnknown", "GCClassic simulation")]
    [InlineData("GCClassic", "CH4", "4x5", "GcSimulationRetired", "carbon")]
    [InlineData("GCHP", "tagCO", "C24", "GcSimulationRetired", "carbon")]
    [InlineData("WRF-GC", "fullchem", "4x5", "GcModelUnknown", "GCClassic or GCHP")]
    public void ImpossibleCombinationsSayWhy(string model, string sim, string res, string errorId, string fixMentions)
    {
        var error = Assert.Throws<GcException>(() => Domain.Resolve(model, sim, res));
        Assert.Equal(errorId, error.ErrorId);
        Assert.Equal(GcErrorKind.InvalidArgument, error.Kind);
        Assert.Contains(fixMentions, error.Fix);
    }

    [Fact]
    public void ChemistryOptionsApplyToFullchemOnly()
    {
        Assert.Equal("fullchem", Domain.Resolve("GCClassic", "fullchem", "4x5", "TOMAS15").Simulation);
        Assert.Equal("GcSimulationOptionInvalid", Assert.Throws<GcException>(() => Domain.Resolve("GCClassic", "TransportTracers", "4x5", "RRTMG")).ErrorId);
        Assert.Equal("GcSimulationOptionUnknown", Assert.Throws<GcException>(() => Domain.Resolve("GCClassic", "fullchem", "4x5", "TOMAS99")).ErrorId);
    }

    [Fact]
    public void CubedSphereFactsFollowFromTheGrid()
    {
        foreach (var grid in Domain.Models["GCHP"].Resolutions)
        {
            var n = int.Parse(grid.Name[1..]);
            Assert.Equal(6 * n * n, grid.Columns);                // columns are 6 N^2
            Assert.Equal(n, grid.CubeSize);
            Assert.Equal(6 * (n / 4) * (n / 4), grid.MaxCores);    // at least 4x4 cells per rank on each face
            Assert.Null(GchpDecomposition.Problem(n, grid.MaxCores!.Value));
        }
    }

    [Fact]
    public void GchpRunsASubsetOfClassicSimulations()
    {
        var classic = Domain.Models["GCClassic"].Simulations;
        Assert.All(Domain.Models["GCHP"].Simulations, s => Assert.Contains(s, classic));
        Assert.DoesNotContain("CH4", classic);
    }
}
