using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>
/// New-GcRunDirectory drives GEOS-Chem 14.7's real createRunDir.sh (../shared/geoschem/geos-chem-14.7.0/run), and
/// Get-GcRunDirectory reads what it made, field by field.
/// </summary>
public sealed class RunDirectoryCreatorTests
{
    private static readonly DateTime Jul1 = new(2019, 7, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Aug1 = new(2019, 8, 1, 0, 0, 0, DateTimeKind.Utc);

    private static string Destination(string name) => Path.Combine(Directory.CreateTempSubdirectory("gc-new-rundir-").FullName, name);

    private static Models.GcRunDirectory Create(RunDirectoryRequest request, string name, DateTime? start = null, DateTime? end = null, (int, int)? cores = null) =>
        RunDirectoryCreator.Create(request, SharedGeosChem.Source, Destination(name), "/data/ExtData", start, end, cores, CancellationToken.None);

    [SharedGeosChemFact]
    public void ClassicFullchemAt2x25()
    {
        var run = Create(new("GCClassic", "fullchem", null, "2x2.5", "MERRA2", 72, null), "fc2x25");
        RunDirectoryReaderTests.AssertClassic(run, "fullchem", "standard", Jul1, Aug1, 31, "gcclassic", resolution: "2x2.5");
        Assert.Equal("/data/ExtData", run.DataRoot);
        Assert.Contains("geoschem_config.yml: root_data_dir", run.DataRootReferences);
        var transcript = File.ReadAllText(Path.Combine(run.Path, "CreateRunDirLogs", "createRunDir.transcript.txt"));
        Assert.DoesNotContain("registration", transcript, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Invalid", transcript, StringComparison.Ordinal);
    }

    [SharedGeosChemFact]
    public void ClassicHgAt4x5WithItsOwnPeriod()
    {
        var start = new DateTime(2019, 3, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(2019, 3, 11, 0, 0, 0, DateTimeKind.Utc);
        var run = Create(new("GCClassic", "Hg", null, "4x5", "MERRA2", 47, null), "hg4x5", start, end);
        RunDirectoryReaderTests.AssertClassic(run, "Hg", null, start, end, 10, "gcclassic-hg", levels: 47, restarts: run.RestartFrequency);
        Assert.Matches(@"^\d{8} \d{6}$|^End$", run.RestartFrequency);
    }

    [SharedGeosChemFact]
    public void ClassicNestedNorthAmericaAt05x0625()
    {
        var run = Create(new("GCClassic", "fullchem", null, "0.5x0.625", "MERRA2", 72, "NA"), "na05");
        RunDirectoryReaderTests.AssertClassic(run, "fullchem", "standard", Jul1, Aug1, 31, "gcclassic", resolution: "0.5x0.625", domain: "NA");
    }

    [SharedGeosChemFact]
    public void GchpCarbonAtC48WithCores()
    {
        var start = new DateTime(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var end = new DateTime(2019, 3, 15, 0, 0, 0, DateTimeKind.Utc);
        var run = Create(new("GCHP", "carbon", null, "C48", "MERRA2", 72, null), "gchp_carbon", start, end, (1, 96));
        Assert.Equal(("GCHP", "carbon", "C48", "MERRA2", 72), (run.Model, run.Simulation, run.Resolution, run.MetField, run.Levels));
        Assert.Null(run.Option);
        Assert.Equal((start, end), (run.SimulationStart, run.SimulationEnd));
        Assert.Equal("00000214 000000", Settings(run.Path)["Run_Duration"]); // two months and 14 days, as GEOS-Chem writes durations
        Assert.Equal("20190101 000000", File.ReadAllText(Path.Combine(run.Path, "cap_restart")).Trim());
        Assert.Equal((96, 1, 96), (run.TotalCores, run.NodeCount, run.CoresPerNode));
        Assert.Equal("gchp-carbon", run.Executable);
        Assert.Equal("/data/ExtData", run.DataRoot);
        Assert.Contains("ChemDir -> /data/ExtData/CHEM_INPUTS", run.Links);
    }

    [Theory]
    [InlineData("GCHP", "Hg", "4x5", "MERRA2", "-Simulation 'Hg'", "fullchem, TransportTracers, carbon, tagO3")]
    [InlineData("GCClassic", "fullchem", "0.25x0.3125", "MERRA2", "-Resolution '0.25x0.3125'", "4x5, 2x2.5, 0.5x0.625")]
    [InlineData("GCClassic", "carbon", "2x2.5", "GEOSIT", null, null)]
    [InlineData("GCClassic", "carbon", "0.5x0.625", "GEOSIT", "-Resolution '0.5x0.625'", "4x5, 2x2.5")]
    [InlineData("GCClassic", "aerosol", "4x5", "GISS", "-MetField 'GISS'", "MERRA2, GEOSFP, GEOSIT")]
    [InlineData("GCClassic", "CH4", "4x5", "MERRA2", "-Simulation 'CH4'", "fullchem, aerosol, carbon, Hg, POPs, tagO3, TransportTracers, metals")]
    public void ChoicesGeosChemDoesNotOfferAreRefusedNamingTheValidOnes(string model, string simulation, string resolution, string met, string? refused, string? valid)
    {
        var request = new RunDirectoryRequest(model, simulation, null, resolution, met, 72, null);
        if (refused is null)
        {
            Assert.NotEmpty(CreateRunDirAnswers.For(request, "/tmp"));
            return;
        }
        var ex = Assert.Throws<GcException>(() => CreateRunDirAnswers.For(request, "/tmp"));
        Assert.Equal("GcRunDirectoryChoiceInvalid", ex.ErrorId);
        Assert.Contains(refused, ex.Problem);
        Assert.Contains(valid!, ex.Fix);
    }

    [Fact]
    public void AnswersFollowTheScriptsOrder() =>
        // simulation 1 (fullchem), option 6 (TOMAS) then 2 (40 bins), met 2 (GEOS-FP) and its "y", resolution 3, domain 1 (global),
        // levels 1 (72), the parent folder, no git, no KPP-standalone
        Assert.Equal(["1", "6", "2", "2", "y", "3", "1", "1", "/runs", "n", "n"],
            CreateRunDirAnswers.For(new("GCClassic", "fullchem", "TOMAS40", "0.5x0.625", "GEOSFP", 72, "global"), "/runs"));

    private static Dictionary<string, string> Settings(string dir) => ConfigText.ReadShellAssignments(File.ReadAllText(Path.Combine(dir, "setCommonRunSettings.sh")));
}
