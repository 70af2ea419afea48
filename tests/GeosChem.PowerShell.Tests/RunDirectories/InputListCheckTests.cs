using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>Submit-GcBatchJob's check of a job's period against the input list (.gc-inputs) its run directory was uploaded with.</summary>
public sealed class InputListCheckTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly (DateTime Start, DateTime End) July = (new DateTime(2019, 7, 1), new DateTime(2019, 8, 1));

    [Fact]
    public void ReadsBackThePeriodTheListWasWrittenFor()
    {
        var run = new GcRunDirectory { Model = "GCHP", Simulation = "fullchem", Resolution = "C24", SimulationStart = new DateTime(2019, 7, 1), SimulationEnd = new DateTime(2019, 8, 1, 6, 30, 0) };
        var text = InputManifest.Write(run, [new GcInputFile { RelativePath = "HEMCO/CEDS/v2024-06/2019/CEDS_NO_2019.nc" }]);
        Assert.Equal((new DateTime(2019, 7, 1), new DateTime(2019, 8, 1, 6, 30, 0)), InputManifest.ReadPeriod(text));
    }

    [Theory]
    [InlineData("# model: GCHP fullchem C24\nHEMCO/x.nc\n")]
    [InlineData("# period: 2019-07-01 2019-08-01\n")]
    [InlineData("")]
    public void HasNoPeriodWithoutAReadablePeriodLine(string text) => Assert.Null(InputManifest.ReadPeriod(text));

    [Theory]
    [InlineData("2019-07-01", "2019-08-01", null)]
    [InlineData("2019-07-10", "2019-07-20", null)]
    [InlineData(null, "2019-07-15", null)]
    [InlineData("2019-07-01", "2019-08-05", "2019-07-01 00:00 to 2019-08-05 00:00")]
    [InlineData("2019-06-30", "2019-07-15", "2019-06-30 00:00 to 2019-07-15 00:00")]
    [InlineData(null, "2019-09-01", "2019-07-01 00:00 to 2019-09-01 00:00")]
    [InlineData("2019-08-01", null, null)]
    public void NamesThePartOfTheJobsPeriodOutsideTheList(string? start, string? end, string? expected) =>
        Assert.Equal(expected, InputListCheck.Uncovered(July, Date(start), Date(end)));

    [Fact]
    public async Task RefusesAJobRunningPastTheListsPeriodSayingHowToPublishForIt()
    {
        var store = await StoreWithList("runs/check-past/", "# period: 20190701 000000 20190801 000000\nHEMCO/x.nc\n");
        var check = new InputListCheck(store);
        await check.CheckAsync("s3://gc-results/runs/check-past/", new DateTime(2019, 7, 1), new DateTime(2019, 7, 31), CancellationToken.None);
        var error = await Assert.ThrowsAsync<GcException>(() => check.CheckAsync("s3://gc-results/runs/check-past/", new DateTime(2019, 7, 1), new DateTime(2019, 8, 5), CancellationToken.None));
        Assert.Equal(ErrorIds.InputListPeriodMismatch, error.ErrorId);
        Assert.Equal(GcErrorKind.InvalidArgument, error.Kind);
        Assert.Contains("s3://gc-results/runs/check-past/.gc-inputs was made for 2019-07-01 00:00 to 2019-08-01 00:00, but this job runs 2019-07-01 00:00 to 2019-08-05 00:00", error.Problem, StringComparison.Ordinal);
        Assert.Contains("Publish-GcRunDirectory -Path <run directory> -Destination s3://gc-results/runs/check-past/ -SimulationStart 2019-07-01 -SimulationEnd 2019-08-05", error.Fix, StringComparison.Ordinal);
        Assert.Equal(1, store.Reads);
    }

    [Fact]
    public async Task LetsThroughARunDirectoryWithoutAList()
    {
        var store = new CountingStore(Gateway());
        await new InputListCheck(store).CheckAsync("s3://gc-results/runs/no-list-here/", new DateTime(2019, 7, 1), new DateTime(2030, 1, 1), CancellationToken.None);
        Assert.Equal(1, store.Reads);
    }

    private static DateTime? Date(string? text) => text is null ? null : DateTime.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    private ObjectStoreGateway Gateway()
    {
        var context = TestContexts.For(fixture.Emulator);
        return new ObjectStoreGateway(context, SdkClients.S3(context));
    }

    private async Task<CountingStore> StoreWithList(string prefix, string text)
    {
        var gateway = Gateway();
        await gateway.PutTextAsync("gc-results", prefix + InputManifest.FileName, text, CancellationToken.None);
        return new CountingStore(gateway);
    }

    private sealed class CountingStore(IObjectStore inner) : IObjectStore
    {
        public int Reads;
        public Task PutFileAsync(string bucket, string key, string file, CancellationToken ct) => inner.PutFileAsync(bucket, key, file, ct);
        public Task PutTextAsync(string bucket, string key, string text, CancellationToken ct) => inner.PutTextAsync(bucket, key, text, ct);
        public Task<string?> GetTextOrNullAsync(string bucket, string key, CancellationToken ct)
        {
            Interlocked.Increment(ref Reads);
            return inner.GetTextOrNullAsync(bucket, key, ct);
        }
    }
}
