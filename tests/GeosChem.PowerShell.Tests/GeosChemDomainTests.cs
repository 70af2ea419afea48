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

    [Theory]
    // The examples in setCommonRunSettings.sh.template (14.7.0): auto NX/NY and the 4x4-cells rule.
    [InlineData(96, 4, 24)]
    [InlineData(144, 4, 36)] // the script counts down from ceil(sqrt(24)) = 5 to 4: 4 x 6 per face (the comment's manual example is 6 x 4)
    [InlineData(150, 5, 30)]
    [InlineData(216, 6, 36)]
    [InlineData(2904, 22, 132)]
    [InlineData(186, 1, 186)] // Z = 31 is prime: a 1 x 31 strip
    public void RanksAreSplitAsSetCommonRunSettingsSplitsThem(int ranks, int nx, int ny) =>
        Assert.Equal((nx, ny), GchpDecomposition.Auto(ranks));

    [Fact]
    public void GchpTakesAtLeastFourByFourCellsPerRankOnEachFace()
    {
        Assert.Equal(2904, GchpDecomposition.MaxRanks(90)); // not the 3,174 of the template's comment: 90 / 23 < 4
        Assert.Null(GchpDecomposition.Problem(90, 2904));
        Assert.Contains("at least 4", GchpDecomposition.Problem(90, 3174));
        Assert.Contains("1 x 31", GchpDecomposition.Problem(24, 186));
        Assert.Contains("multiple of 6", GchpDecomposition.Problem(24, 100));
        Assert.Null(GchpDecomposition.Problem(24, 216));
        Assert.NotNull(GchpDecomposition.Problem(24, 222));
    }

    [Theory]
    // The template's mass-flux examples, C180 run on C90 mass fluxes... and its C90 case: 96 cores fail (90/4 = 22.5).
    [InlineData(90, 90, 96, false)]
    [InlineData(180, 90, 150, true)]
    [InlineData(180, 90, 216, true)]
    [InlineData(180, 90, 384, false)]
    public void MassFluxMetNeedsTheSplitToDivideBothGrids(int run, int met, int ranks, bool ok) =>
        Assert.Equal(ok, GchpDecomposition.MassFluxCompatible(run, met, ranks));

    [Fact]
    public void NestedDomainsCountTheirOwnColumnsAndStepsFollowTheGrid()
    {
        var classic = Domain.Models["GCClassic"];
        GridResolution Grid(string name) => classic.Resolutions.Single(r => r.Name == name);
        Assert.Equal(161 * 121, Grid("0.5x0.625_NA").Columns);  // -140..-40 by 10..70
        Assert.Equal(225 * 202, Grid("0.25x0.3125_NA").Columns); // -130..-60 by 9.75..60
        Assert.All(classic.Resolutions.Where(r => r.Nested), r => Assert.True(r.Columns < Grid(r.Name.Split('_')[0]).Columns, r.Name));
        Assert.All(classic.Resolutions.Where(r => r.Name.StartsWith("0.")), r => Assert.Equal((300, 600), (r.TransportStepSeconds, r.ChemistryStepSeconds)));
        Assert.Equal((1800, 3600), Domain.StepsFor(classic, Grid("4x5"), "TOMAS15"));
        Assert.Equal((300, 600), Domain.StepsFor(classic, Grid("0.5x0.625_EU"), "TOMAS15"));
        var gchp = Domain.Models["GCHP"];
        Assert.Equal((600, 1200), Domain.StepsFor(gchp, gchp.Resolutions.Single(r => r.Name == "C90"), null));
        Assert.Equal((300, 600), Domain.StepsFor(gchp, gchp.Resolutions.Single(r => r.Name == "C180"), null)); // 14.7.1 (geos-chem PR#3237)
    }

    [Fact]
    public void TheImageBuildScriptSaysWhichCompileTimeSwitchesAreBuilt()
    {
        var builds = ImageBuildOptions.Default.Builds.ToList();
        Assert.Contains(builds, b => b.Executable == "gcclassic-carbon" && b.Flags.Contains("-DMECH=carbon"));
        Assert.Contains(builds, b => b.Executable == "gchp" && b.Model == "GCHP");
        Assert.Equal("gcclassic-hg", ImageBuildOptions.Default.ExecutableFor("GCClassic", "Hg", "standard"));
        Assert.Equal("gcclassic", ImageBuildOptions.Default.ExecutableFor("GCClassic", "fullchem", "complexSOA"));
        Assert.Null(ImageBuildOptions.Default.ExecutableFor("GCClassic", "fullchem", "APM"));
        // A TOMAS build would be one more row of the script's mechanism table.
        var withTomas = ImageBuildOptions.Parse("""
            case "$model" in
                GCClassic) all_mechanisms="fullchem tomas15"; science_dir=src/GEOS-Chem ;;
            esac
            cmake_options_for() {
                case "$1" in
                    tomas15) echo "-DMECH=fullchem -DTOMAS=y -DTOMAS_BINS=15" ;;
                    *) echo "-DMECH=$1" ;;
                esac
            }
            """);
        Assert.Equal("gcclassic-tomas15", withTomas.ExecutableFor("GCClassic", "fullchem", "TOMAS15"));
        Assert.Null(withTomas.ExecutableFor("GCClassic", "fullchem", "TOMAS40"));
    }
}
