using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>
/// GCHP's input list: ExtData.rc resolved for the run's period as MAPL's ExtData v1 resolves it, with HEMCO_Config.rc
/// deciding which HEMCO containers are imported, on the real GCHP run directory GEOS-Chem 14.7's createRunDir.sh made.
/// </summary>
public sealed class ExtDataInputsTests
{
    private static readonly DateTime Jul1 = new(2019, 7, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Aug1 = new(2019, 8, 1, 0, 0, 0, DateTimeKind.Utc);

    private static ExtDataInputs.Entry Entry(string climatology, string refresh, string template) => new("X", climatology, refresh, template);

    [Theory]
    // "0;hhmmss": the model time shifted (MAPL reads it into tshift); the F prefix only turns interpolation off.
    [InlineData("N", "F0;013000", "2019-07-31T23:00:00", "2019-08-01T00:30:00")]
    [InlineData("N", "0;001000", "2019-07-31T23:00:00", "2019-07-31T23:10:00")]
    [InlineData("N", "0", "2019-07-15T06:00:00", "2019-07-15T06:00:00")]
    // A fixed-field refresh template: the numbers replace those of the model time (MAPL's timestamp_).
    [InlineData("Y", "F2000-%m2-01T00:00:00", "2019-07-15T06:00:00", "2000-07-01T00:00:00")]
    [InlineData("N", "F%y4-%m2-01T00:00:00", "2019-07-15T06:00:00", "2019-07-01T00:00:00")]
    [InlineData("N", "%y4-%m2-%d2T%h2:00:00", "2019-07-15T06:40:00", "2019-07-15T06:00:00")]
    // A climatology year (AEIC 2019 daily data) replaces the year.
    [InlineData("2019", "F%y4-%m2-%d2T00:00:00", "2021-03-05T06:00:00", "2019-03-05T00:00:00")]
    public void UpdateTimeFollowsMaplExtData(string climatology, string refresh, string model, string expected)
    {
        var time = DateTime.SpecifyKind(DateTime.Parse(model, System.Globalization.CultureInfo.InvariantCulture), DateTimeKind.Utc);
        Assert.Equal(DateTime.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ExtDataInputs.UpdateTime(Entry(climatology, refresh, "f"), time));
    }

    [Fact]
    public void ADailyMetFieldReadsEveryDayAndTheFirstDayAfter()
    {
        var files = ExtDataInputs.FilesFor([Entry("N", "F0;003000", "./MetDir/%y4/%m2/MERRA2.%y4%m2%d2.A1.05x0625.nc4")], new HemcoImports(), Jul1, Aug1);
        Assert.Equal(32, files.Count);
        Assert.Equal("./MetDir/2019/07/MERRA2.20190701.A1.05x0625.nc4", files.Min);
        Assert.Equal("./MetDir/2019/08/MERRA2.20190801.A1.05x0625.nc4", files.Max);
    }

    [Fact]
    public void EachDatedFileKnowsTheModelTimesItIsReadBetweenAndAFileWithoutADateHasNone()
    {
        var windows = ExtDataInputs.WindowsFor([
            Entry("N", "F0;003000", "./MetDir/%y4/%m2/MERRA2.%y4%m2%d2.A1.05x0625.nc4"),
            Entry("N", "-", "./ChemDir/Olson_Land_Map_201203/Olson_2001_Land_Map.025x025.generic.nc"),
        ], new HemcoImports(), Jul1, Aug1);
        Assert.Equal((new DateTime(2019, 7, 2), new DateTime(2019, 7, 2, 23, 0, 0)), windows["./MetDir/2019/07/MERRA2.20190702.A1.05x0625.nc4"]);
        Assert.Equal((Aug1, Aug1), windows["./MetDir/2019/08/MERRA2.20190801.A1.05x0625.nc4"]);
        Assert.Null(windows["./ChemDir/Olson_Land_Map_201203/Olson_2001_Land_Map.025x025.generic.nc"]);
    }

    [Fact]
    public void AMonthlyClimatologyReadsItsFixedYearOnceAndConstantsNothing()
    {
        var entries = new[]
        {
            Entry("Y", "F2000-%m2-01T00:00:00", "./HcoDir/GMI/v2015-02/gmi.clim.%y4.nc"),
            Entry("N", "-", "./ChemDir/Olson_Land_Map_201203/Olson_2001_Land_Map.025x025.generic.nc"),
            Entry("N", "0", "/dev/null:1.0"),
        };
        var files = ExtDataInputs.FilesFor(entries, new HemcoImports(), Jul1, Aug1);
        Assert.Equal(["./ChemDir/Olson_Land_Map_201203/Olson_2001_Land_Map.025x025.generic.nc", "./HcoDir/GMI/v2015-02/gmi.clim.2000.nc"], files);
    }

    [SharedGeosChemFact]
    public void HemcoImportsFollowExtensionsAndCollections()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        var hemco = HemcoImports.Read(File.ReadAllText(Path.Combine(dir, "HEMCO_Config.rc")));
        Assert.Contains("CEDS_NO_AGR", hemco.Imported);        // --> CEDS_01x01 : true
        Assert.DoesNotContain("APEI_NO", hemco.Imported);      // --> APEI : false, so (((APEI is skipped
        Assert.DoesNotContain("DEP_RESERVOIR_DEFAULT", hemco.Imported); // extension 104 SoilNOx : off
        // Defined either way: a HEMCO container that is off is not read, even though ExtData.rc lists it.
        Assert.Contains("APEI_NO", hemco.Defined);
        Assert.Contains("DEP_RESERVOIR_DEFAULT", hemco.Defined);
        Assert.Contains("SOILNOX_NO", hemco.Imported);         // (((.not.SoilNOx inside the OFFLINE_SOILNOX collection
        Assert.Contains("CEDS_NO_ENE", hemco.Imported);
    }

    [SharedGeosChemFact]
    public void TheRealGchpRunDirectoryListsItsPeriodUnderTheDataRoot()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        var warnings = new List<string>();
        var files = InputDataLister.List(dir, null, warnings.Add, CancellationToken.None);

        Assert.Equal(files.Select(f => f.RelativePath).Distinct().Order(StringComparer.Ordinal), files.Select(f => f.RelativePath));
        Assert.All(files, f => Assert.Equal($"s3://geos-chem/{f.RelativePath}", f.S3Uri));
        Assert.DoesNotContain(files, f => f.RelativePath.Contains("/home/gcuser", StringComparison.Ordinal) || f.RelativePath.Contains('%') || f.RelativePath.Contains("Dir/", StringComparison.Ordinal));
        var paths = files.Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);

        // Meteorology: every day of July 2019 and the first of August (the last right bracket), for each collection.
        foreach (var collection in new[] { "A1", "A3cld", "A3dyn", "A3mstC", "A3mstE", "I3" })
        {
            var days = paths.Count(p => p.StartsWith("GEOS_0.5x0.625/MERRA2/", StringComparison.Ordinal) && p.EndsWith($".{collection}.05x0625.nc4", StringComparison.Ordinal));
            Assert.Equal(32, days);
        }
        Assert.Contains("GEOS_0.5x0.625/MERRA2/2019/08/MERRA2.20190801.I3.05x0625.nc4", paths);
        Assert.Contains("GEOS_0.5x0.625/MERRA2/2015/01/MERRA2.20150101.CN.05x0625.nc4", paths);
        Assert.Contains("CHEM_INPUTS/Olson_Land_Map_201203/Olson_2001_Land_Map.025x025.generic.nc", paths);
        // Emissions switched on, for 2019; switched off, absent.
        Assert.Contains("HEMCO/CEDS/v2024-06/2019/CEDS_NO_0.1x0.1_2019.nc", paths);
        Assert.Contains("HEMCO/OFFLINE_SOILNOX/v2021-12/0.5x0.625/2019/07/soilnox_05.20190715.nc", paths);
        Assert.DoesNotContain(paths, p => p.StartsWith("HEMCO/APEI/", StringComparison.Ordinal));
        Assert.DoesNotContain(paths, p => p.StartsWith("HEMCO/CEDS/v2024-06/2018/", StringComparison.Ordinal));
        Assert.DoesNotContain("HEMCO/SOILNOX/v2014-07/DepReservoirDefault.nc", paths); // extension 104 SoilNOx is off: its ExtData.rc entry is not imported
        // The initial restart behind Restarts/, from GEOSCHEM_RESTARTS.
        Assert.Single(files, f => f.Kind == "InitialRestart");
        // Files the run writes itself (./DynHeating) are not data-root inputs, and the user is told.
        Assert.Contains(warnings, w => w.Contains("./DynHeating", StringComparison.Ordinal) && w.Contains("./Heating_Baseline", StringComparison.Ordinal));
    }
}
