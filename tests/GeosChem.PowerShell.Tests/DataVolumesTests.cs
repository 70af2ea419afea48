using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// Input, output and scratch sizes and staging time, against the published numbers they come from
/// (Data/geoschem-data-volumes.json: GEOS-Chem Classic docs "Disk space requirements"; the Amazon S3 User Guide's
/// 85-90 MB/s per request; the AWS CLI's 10 concurrent requests).
/// </summary>
public sealed class DataVolumesTests
{
    private static readonly DataVolumes Volumes = DataVolumes.Default;

    [Theory]
    [InlineData("GCClassic", "MERRA2", "4x5", "global", 30)]
    [InlineData("GCClassic", "MERRA2", "2x2.5", "global", 110)]
    [InlineData("GCClassic", "MERRA2", "0.5x0.625", "NA", 110)]
    [InlineData("GCClassic", "GEOSFP", "0.25x0.3125", "AF", 434)]
    [InlineData("GCClassic", "GEOSIT", "4x5", "global", 26)]
    public void PublishedMetSizesAreUsedAsPublished(string model, string met, string resolution, string domain, double gbPerYear)
    {
        var (value, basis) = Volumes.MetGigabytesPerYear(model, met, resolution, domain)!.Value;
        Assert.Equal(gbPerYear, value);
        Assert.Contains("GEOS-Chem docs", basis);
    }

    [Fact]
    public void GchpReadsGlobalHalfDegreeMerra2ScaledFromTheNestedNorthAmericaSizeAndSaysSo()
    {
        var (value, basis) = Volumes.MetGigabytesPerYear("GCHP", "MERRA2", "C24", "global")!.Value;
        // 110 GB/yr over North America's 161 x 121 columns, scaled to the 576 x 361 global grid.
        Assert.Equal(110.0 * 576 * 361 / (161 * 121), value, 6);
        Assert.Contains("derived, not published", basis);
    }

    [Fact]
    public void NoPublishedSizeIsSaidRatherThanGuessed()
    {
        Assert.Null(Volumes.MetGigabytesPerYear("GCClassic", "GEOSIT", "0.5x0.625", "global"));
        var estimate = Volumes.Estimate("GCClassic", "GEOSIT", "0.5x0.625", "global", 207936, 31, null, null);
        Assert.Equal(0, estimate.InputGB);
        Assert.Contains("Get-GcInputData -Online", estimate.InputBasis);
    }

    [Theory]
    [InlineData(100, null, 118)]   // 100 GB at 10 requests x 85 MB/s
    [InlineData(100, 1.0, 800)]    // a 1 Gb/s network is slower: 125 MB/s
    [InlineData(100, 37.5, 118)]   // c7i.24xlarge: the requests, not the network, set the pace
    public void StagingRunsAtTenRequestsOf85MegabytesPerSecondOrTheNetwork(double gigabytes, double? networkGbps, double seconds) =>
        Assert.Equal(seconds, Volumes.StagingSeconds(gigabytes, networkGbps));

    [Fact]
    public void OutputAndRestartsScaleFromTheFourByFiveBenchmark()
    {
        // A month at 4x5: the 13.0.0 benchmark's 646 MB of diagnostics; one 191 MB restart per simulated day.
        var (output, restarts) = Volumes.OutputGigabytes(3312, 365.25 / 12);
        Assert.Equal(0.65, output);
        Assert.Equal(Math.Round(0.191 * 31, 2), restarts);
    }

    [Fact]
    public void AMeasuredInputReplacesThePublishedMetSize()
    {
        var estimate = Volumes.Estimate("GCClassic", "MERRA2", "4x5", "global", 3312, 31, 42.5, null);
        Assert.Equal(42.5, estimate.InputGB);
        Assert.StartsWith("measured", estimate.InputBasis);
        Assert.Equal(Math.Ceiling((42.5 + estimate.OutputGB + estimate.RestartGB) * 1e9 / (1024.0 * 1024 * 1024) * 1.25), estimate.ScratchGiB);
        Assert.Equal(50, estimate.StagingSeconds);
    }
}
