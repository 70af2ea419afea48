using System.Text;
using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>.gc-inputs, the input list Publish-GcRunDirectory uploads with a GCHP run directory for the entrypoint to stage.</summary>
public sealed class InputManifestTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void ListsEachPathOnceSortedUnderAHeaderNamingThePeriod()
    {
        var run = new GcRunDirectory { Model = "GCHP", Simulation = "fullchem", Resolution = "C24", SimulationStart = new DateTime(2019, 7, 1), SimulationEnd = new DateTime(2019, 8, 1, 6, 30, 0) };
        var text = InputManifest.Write(run, [
            new GcInputFile { RelativePath = "HEMCO/CEDS/v2024-06/2019/CEDS_NO_2019.nc" },
            new GcInputFile { RelativePath = "CHEM_INPUTS/Olson_Land_Map_201203/Olson_2001_Drydep_Inputs.nc" },
            new GcInputFile { RelativePath = "HEMCO/CEDS/v2024-06/2019/CEDS_NO_2019.nc" },
            new GcInputFile { RelativePath = "GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4", Kind = "InitialRestart" },
        ]);
        Assert.Equal([
            "# Input files this run reads, relative to the data root (Publish-GcRunDirectory; Get-GcInputData lists the same).",
            "# model: GCHP fullchem C24",
            "# period: 20190701 000000 20190801 063000",
            "# A line with two times (yyyyMMddHHmm, tab-separated) is read only at model times between them; a segment stages the lines its period meets.",
            "CHEM_INPUTS/Olson_Land_Map_201203/Olson_2001_Drydep_Inputs.nc",
            "GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4",
            "HEMCO/CEDS/v2024-06/2019/CEDS_NO_2019.nc",
        ], Lines(text));
        Assert.EndsWith("\n", text);
    }

    [Fact]
    public void FollowsADatedFileWithTheModelTimesItIsReadBetween()
    {
        var run = new GcRunDirectory { Model = "GCHP", Simulation = "fullchem", Resolution = "C24", SimulationStart = new DateTime(2019, 7, 1), SimulationEnd = new DateTime(2019, 8, 1) };
        var text = InputManifest.Write(run, [
            new GcInputFile { RelativePath = "GEOS_0.5x0.625/MERRA2/2019/07/MERRA2.20190702.A1.05x0625.nc4", ReadFrom = new DateTime(2019, 7, 2), ReadUntil = new DateTime(2019, 7, 2, 23, 0, 0) },
            new GcInputFile { RelativePath = "CHEM_INPUTS/x.nc" },
            // one file from two entries: dated in one, read throughout in the other
            new GcInputFile { RelativePath = "HEMCO/y.nc", ReadFrom = new DateTime(2019, 7, 1), ReadUntil = new DateTime(2019, 7, 1) },
            new GcInputFile { RelativePath = "HEMCO/y.nc" },
        ]);
        Assert.Equal(["CHEM_INPUTS/x.nc", "GEOS_0.5x0.625/MERRA2/2019/07/MERRA2.20190702.A1.05x0625.nc4\t201907020000\t201907022300", "HEMCO/y.nc"],
            Lines(text).Where(l => !l.StartsWith('#')));
    }

    [SharedGeosChemFact]
    public void ASegmentsDatedLinesAreExactlyWhatTheListForTheSegmentAloneHolds()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        var month = InputDataLister.GchpInputs(RunDirectoryReader.Read(dir), _ => { });
        var (from, to) = (new DateTime(2019, 7, 11), new DateTime(2019, 7, 21));
        var segmentRun = RunDirectoryReader.Read(dir);
        segmentRun.SimulationStart = from;
        segmentRun.SimulationEnd = to;
        var segment = InputDataLister.GchpInputs(segmentRun, _ => { }).Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);

        var selected = month.Where(f => f.ReadFrom is null || (f.ReadFrom <= to && f.ReadUntil >= from)).Select(f => f.RelativePath).ToHashSet(StringComparer.Ordinal);
        Assert.True(segment.SetEquals(selected), $"only in the segment's own list: {string.Join(", ", segment.Except(selected).Take(5))}; only selected: {string.Join(", ", selected.Except(segment).Take(5))}");
        Assert.True(selected.Count < month.Count - 100, $"{selected.Count} of {month.Count}: ten days read far fewer files than the month");
        Assert.DoesNotContain(selected, p => p.StartsWith("GEOSCHEM_RESTARTS/", StringComparison.Ordinal)); // the initial restart only in the first segment
        Assert.Contains(selected, p => p.Contains("MERRA2.20190715.", StringComparison.Ordinal));
        Assert.DoesNotContain(selected, p => p.Contains("MERRA2.20190705.", StringComparison.Ordinal));
    }

    [SharedGeosChemFact]
    public async Task AGchpUploadCarriesTheListGetGcInputDataGivesForThePeriodAsked()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        var run = RunDirectoryReader.Read(dir);
        run.SimulationEnd = new DateTime(2019, 7, 3);
        var inputs = InputDataLister.GchpInputs(run, _ => { });
        var context = TestContexts.For(fixture.Emulator);
        var upload = await new RunDirectoryUploader(new ObjectStoreGateway(context, SdkClients.S3(context)))
            .UploadAsync(run, "s3://gc-results/rundirs/gchp-inputs/", null, CancellationToken.None, inputs);

        var stored = fixture.Emulator.State.Objects.Single(o => o.Key.Account == EmulatorCredentials.Default.AccountId && o.Key.Bucket == "gc-results" && o.Key.Key == "rundirs/gchp-inputs/.gc-inputs");
        var lines = Lines(Encoding.UTF8.GetString(stored.Value.Body));
        Assert.Equal("# period: 20190701 000000 20190703 000000", lines[2]);
        var listed = lines.Where(l => !l.StartsWith('#')).Select(l => l.Split('\t')[0]).ToArray();
        Assert.Equal(inputs.Select(f => f.RelativePath).Distinct().Order(StringComparer.Ordinal), listed);
        Assert.Equal(listed.Length, upload.InputFiles);
        Assert.Contains("GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4", listed);
        // two days of met fields, not the whole month the run directory was made for
        var julyMet = listed.Where(l => l.StartsWith("GEOS_0.5x0.625/MERRA2/2019/07/", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(julyMet);
        Assert.DoesNotContain(julyMet, l => l.Contains(".20190710.", StringComparison.Ordinal));
        Assert.DoesNotContain(listed, l => l.StartsWith('/') || l.Contains("/home/gcuser", StringComparison.Ordinal));
    }
}
