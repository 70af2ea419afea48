using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>
/// Get-GcInputData on the real dry-run log of gc_4x5_merra2_fullchem (../shared/geoschem/dryruns), against what
/// GEOS-Chem's own download_data.py would fetch from it.
/// </summary>
public sealed class DryRunLogTests
{
    [SharedGeosChemFact]
    public void TheFullchemMonthNeeds588FilesAndItsInitialRestart()
    {
        var files = DryRunLog.Parse(File.ReadAllText(SharedGeosChem.DryRunLog));
        var inputs = files.Where(f => f.Kind == "Input").ToList();
        Assert.Equal(588, inputs.Count(f => f.Required));
        // download_data.py also fetches the one file HEMCO reads only if present (NOAA GMD surface methane)
        var optional = Assert.Single(inputs, f => !f.Required);
        Assert.Equal("HEMCO/NOAA_GMD/v2023-10/monthly.gridded.surface.methane.1975-2022.1x1.nc", optional.RelativePath);
        var restart = Assert.Single(files, f => f.Kind == "InitialRestart");
        Assert.Equal("GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.nc4", restart.RelativePath);
        Assert.Equal("./Restarts/GEOSChem.Restart.20190701_0000z.nc4", restart.RunPath);
        Assert.All(files, f => Assert.Equal($"s3://geos-chem/{f.RelativePath}", f.S3Uri));
        Assert.DoesNotContain(files, f => f.RelativePath.Contains("/home/gcuser", StringComparison.Ordinal) || f.RelativePath.StartsWith('/') || f.RelativePath.Contains("//", StringComparison.Ordinal));
        Assert.Equal(files.Select(f => f.RelativePath).Order(StringComparer.Ordinal), files.Select(f => f.RelativePath));
        Assert.Equal(files.Count, files.Select(f => f.RelativePath).Distinct().Count());
        // spot checks of each reader the log shows: HEMCO, met fields, photolysis (doubled slash in the log), volcano
        Assert.Contains(files, f => f.RelativePath == "CHEM_INPUTS/FastJ_201204/fastj.jv_atms_dat.nc");
        Assert.Contains(files, f => f.RelativePath.StartsWith("GEOS_4x5/MERRA2/2019/07/MERRA2.20190701.A1.4x5.nc4", StringComparison.Ordinal));
        Assert.Contains(files, f => f.RelativePath.StartsWith("HEMCO/VOLCANO/v2024-04/2019/07/", StringComparison.Ordinal));
        // met fields only for the run's period (and the days its readers look ahead to), plus the constants file of 2015
        var metDays = files.Select(f => System.Text.RegularExpressions.Regex.Match(f.RelativePath, @"^GEOS_4x5/MERRA2/\d{4}/\d{2}/MERRA2\.(\d{8})")).Where(m => m.Success)
            .Select(m => m.Groups[1].Value).Distinct().Order().ToList();
        Assert.Equal(["20150101", .. Enumerable.Range(0, 33).Select(d => new DateTime(2019, 7, 1).AddDays(d).ToString("yyyyMMdd"))], metDays);
    }

    [SharedGeosChemFact]
    public void TheRunDirectorysOwnDownloadDataYmlDecidesTheRestart()
    {
        var dir = SharedGeosChem.Extract("gc_4x5_merra2_carbon");
        var map = DryRunLog.ReadRestartMap(Path.Combine(dir, "download_data.yml"));
        Assert.NotNull(map);
        Assert.Equal("GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.carbon.20190101_0000z.nc4", map["carbon"]);
        Assert.Equal("GEOSCHEM_RESTARTS/v2023-12/GEOSChem.Restart.Hg.20190101_0000z.nc4", map["mercury"]);
    }

    private static readonly string Recorded = Path.Combine(AppContext.BaseDirectory, "RunDirectories", "Recorded", "gc_4x5_merra2_fullchem.dryrun.txt");

    [Fact]
    public void TheRecordedDryRunOfOurOwnGcclassicGivesTheSameFiles()
    {
        var files = DryRunLog.Parse(File.ReadAllText(Recorded));
        Assert.Equal(588, files.Count(f => f.Kind == "Input" && f.Required));
        Assert.Equal(590, files.Count);
        Assert.Equal("GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.nc4", Assert.Single(files, f => f.Kind == "InitialRestart").RelativePath);
        if (SharedGeosChem.Present)
        {
            Assert.Equal(DryRunLog.Parse(File.ReadAllText(SharedGeosChem.DryRunLog)).Select(f => (f.RelativePath, f.Required, f.Kind)), files.Select(f => (f.RelativePath, f.Required, f.Kind)));
        }
    }

    /// <summary>The real gcclassic's dry run in a scratch copy of the real run directory (about 10 s idle, minutes under load).</summary>
    [GcClassicFact]
    public void TheRealGcclassicDryRunListsTheRecordedFiles()
    {
        var dir = SharedGeosChem.Extract("gc_4x5_merra2_fullchem");
        var files = InputDataLister.List(dir, Path.Combine(SharedGeosChem.GcClassicDir!, "gcclassic"), _ => { }, CancellationToken.None);
        Assert.Equal(DryRunLog.Parse(File.ReadAllText(Recorded)).Select(f => (f.RelativePath, f.Required, f.Kind)), files.Select(f => (f.RelativePath, f.Required, f.Kind)));
        Assert.False(File.Exists(Path.Combine(dir, "gcclassic")), "the dry run runs in a scratch copy, not in the user's run directory");
    }

    [Fact]
    public void ALogWithoutFilesIsRefused()
    {
        var ex = Assert.Throws<GcException>(() => DryRunLog.Parse("GEOS-Chem ERROR: something else entirely\n"));
        Assert.Equal("GcDryRunLogUnreadable", ex.ErrorId);
        Assert.Contains("--dryrun", ex.Fix);
    }
}
