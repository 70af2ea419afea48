using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>Get-GcRunDirectory's reading, field by field, on the run directories GEOS-Chem 14.7's createRunDir.sh made.</summary>
public sealed class RunDirectoryReaderTests
{
    private static readonly DateTime Jul1 = new(2019, 7, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Aug1 = new(2019, 8, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Jan1 = new(2019, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Feb1 = new(2019, 2, 1, 0, 0, 0, DateTimeKind.Utc);

    [SharedGeosChemFact]
    public void ClassicFullchem()
    {
        var run = RunDirectoryReader.Read(SharedGeosChem.Extract("gc_4x5_merra2_fullchem"));
        AssertClassic(run, "fullchem", "standard", Jul1, Aug1, 31, "gcclassic");
        Assert.Equal(
            ["HEMCO_Config.rc: ROOT", "HEMCO_Config.rc.gmao_metfields: ROOT", "HEMCO_Config.rc.gmao_metfields: METDIR",
             "geoschem_config.yml: root_data_dir", "geoschem_config.yml: cloudj_input_dir", "geoschem_config.yml: input_dir"],
            run.DataRootReferences);
        Assert.Equal(["CodeDir -> /home/gcuser/GCClassic", "runScriptSamples -> /home/gcuser/GCClassic/src/GEOS-Chem/run/GCClassic/runScriptSamples"], run.Links);
    }

    [SharedGeosChemFact]
    public void ClassicCarbonNeedsTheCarbonBuild()
    {
        var run = RunDirectoryReader.Read(SharedGeosChem.Extract("gc_4x5_merra2_carbon"));
        AssertClassic(run, "carbon", null, Jan1, Feb1, 31, "gcclassic-carbon");
    }

    [SharedGeosChemFact]
    public void ClassicTransportTracers()
    {
        var run = RunDirectoryReader.Read(SharedGeosChem.Extract("gc_4x5_merra2_TransportTracers"));
        AssertClassic(run, "TransportTracers", null, Jan1, Feb1, 31, "gcclassic", restarts: "End"); // its HISTORY.rc writes a restart only at the end
    }

    [SharedGeosChemFact]
    public void GchpFullchemFromSetCommonRunSettingsAndCapRestart()
    {
        var run = RunDirectoryReader.Read(SharedGeosChem.Extract("gchp_merra2_fullchem"));
        Assert.Equal("GCHP", run.Model);
        Assert.Equal("fullchem", run.Simulation);
        Assert.Equal("standard", run.Option);
        Assert.Equal("C24", run.Resolution);
        Assert.Equal("global", run.Domain);
        Assert.Equal("MERRA2", run.MetField);
        Assert.Equal(72, run.Levels);
        Assert.Equal(Jul1, run.SimulationStart);
        Assert.Equal(Aug1, run.SimulationEnd); // cap_restart 20190701 000000 + Run_Duration "00000100 000000" (one month)
        Assert.Equal(31, run.SimulationDays);
        Assert.Equal("End", run.RestartFrequency); // Midrun_Checkpoint=OFF
        Assert.Equal("/home/gcuser/ExtData", run.DataRoot);
        Assert.Equal("gchp", run.Executable);
        Assert.Equal((96, 2, 48), (run.TotalCores, run.NodeCount, run.CoresPerNode));
        Assert.Equal(["HEMCO_Config.rc: ROOT", "geoschem_config.yml: cloudj_input_dir", "geoschem_config.yml: input_dir"], run.DataRootReferences);
        Assert.Contains("ChemDir -> /home/gcuser/ExtData/CHEM_INPUTS", run.Links);
        Assert.Contains("HcoDir -> /home/gcuser/ExtData/HEMCO", run.Links);
        Assert.Contains("MetDir -> /home/gcuser/ExtData/GEOS_0.5x0.625/MERRA2", run.Links);
        Assert.Contains("Restarts/GEOSChem.Restart.20190701_0000z.c24.nc4 -> /home/gcuser/ExtData/GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4", run.Links);
        Assert.Equal(10, run.Links.Length); // 3 data links, CodeDir, runScriptSamples, 5 restart links (c24 ... c180)
    }

    [SharedGeosChemFact]
    public void ANonRunDirectoryIsRefusedWithAFix()
    {
        var ex = Assert.Throws<GcException>(() => RunDirectoryReader.Read(SharedGeosChem.RunDirs));
        Assert.Equal("GcNotARunDirectory", ex.ErrorId);
        Assert.Contains("createRunDir.sh", ex.Fix);
    }

    [SharedGeosChemFact]
    public void AHalfMadeRunDirectoryNamesWhatIsMissing()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        File.Delete(Path.Combine(dir, "cap_restart"));
        File.Delete(Path.Combine(dir, "ExtData.rc"));
        var ex = Assert.Throws<GcException>(() => RunDirectoryReader.Read(dir));
        Assert.Equal("GcRunDirectoryIncomplete", ex.ErrorId);
        Assert.Contains("cap_restart, ExtData.rc", ex.Problem);
    }

    [SharedGeosChemFact]
    public void AnUnknownSimulationNamesTheOnesTheModelRuns()
    {
        var dir = SharedGeosChem.Extract("gc_4x5_merra2_TransportTracers");
        var config = Path.Combine(dir, "geoschem_config.yml");
        File.WriteAllText(config, File.ReadAllText(config).Replace("name: TransportTracers", "name: CH4"));
        var ex = Assert.Throws<GcException>(() => RunDirectoryReader.Read(dir));
        Assert.Equal("GcRunDirectorySimulationUnknown", ex.ErrorId);
        Assert.Contains("fullchem, aerosol, carbon, Hg", ex.Fix);
    }

    [Fact]
    public void AMissingFolderIsNotFound() =>
        Assert.Equal("GcRunDirectoryNotFound", Assert.Throws<GcException>(() => RunDirectoryReader.Read("/no/such/run/directory")).ErrorId);

    [Theory]
    [InlineData("00000100 000000", "2019-07-01", "2019-08-01")]
    [InlineData("00010000 000000", "2019-07-01", "2020-07-01")]
    [InlineData("00000001 120000", "2019-01-31", "2019-02-01T12:00:00")]
    [InlineData("00000200 000000", "2019-12-31", "2020-02-29")]
    public void GcDurationsAreCalendarAware(string duration, string start, string end)
    {
        var from = DateTime.Parse(start, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal);
        Assert.Equal(DateTime.Parse(end, null, System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal), ConfigText.AddGcDuration(from, duration));
    }

    [Theory]
    [InlineData("2019-07-01", "2019-08-01", "00000100 000000")]
    [InlineData("2019-07-15", "2019-08-01", "00000017 000000")]
    [InlineData("2019-01-01", "2029-01-01", "00100000 000000")]
    [InlineData("2019-07-01", "2019-07-02T06:30:00", "00000001 063000")]
    public void DurationsAreWrittenAsGeosChemReadsThem(string start, string end, string expected)
    {
        var styles = System.Globalization.DateTimeStyles.AdjustToUniversal | System.Globalization.DateTimeStyles.AssumeUniversal;
        Assert.Equal(expected, GcDuration.Between(DateTime.Parse(start, null, styles), DateTime.Parse(end, null, styles)));
    }

    internal static void AssertClassic(GcRunDirectory run, string simulation, string? option, DateTime start, DateTime end, double days, string executable,
        string resolution = "4x5", string domain = "global", string met = "MERRA2", int levels = 72, string restarts = "00000100 000000")
    {
        Assert.Equal("GCClassic", run.Model);
        Assert.Equal(simulation, run.Simulation);
        Assert.Equal(option, run.Option);
        Assert.Equal(resolution, run.Resolution);
        Assert.Equal(domain, run.Domain);
        Assert.Equal(met, run.MetField);
        Assert.Equal(levels, run.Levels);
        Assert.Equal(start, run.SimulationStart);
        Assert.Equal(end, run.SimulationEnd);
        Assert.Equal(days, run.SimulationDays);
        Assert.Equal(restarts, run.RestartFrequency);
        Assert.Equal(executable, run.Executable);
        Assert.Null(run.TotalCores);
        Assert.Null(run.NodeCount);
        Assert.Null(run.CoresPerNode);
    }
}
