using System.Text;
using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.RunDirectories;

namespace GeosChem.PowerShell.Tests.RunDirectories;

/// <summary>Publish-GcRunDirectory's upload of real run directories through the SDK's S3 client to the emulator.</summary>
public sealed class RunDirectoryUploaderTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private Dictionary<string, byte[]> Uploaded(string bucket, string prefix) =>
        fixture.Emulator.State.Objects.Where(o => o.Key.Account == EmulatorCredentials.Default.AccountId && o.Key.Bucket == bucket && o.Key.Key.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(o => o.Key.Key[prefix.Length..], o => o.Value.Body);

    private RunDirectoryUploader Uploader()
    {
        var context = TestContexts.For(fixture.Emulator);
        return new RunDirectoryUploader(new ObjectStoreGateway(context, SdkClients.S3(context)));
    }

    [SharedGeosChemFact]
    public async Task AGchpRunDirectoryGoesUpWithoutItsLinksWhichAreListedForTheEntrypoint()
    {
        var dir = SharedGeosChem.Extract("gchp_merra2_fullchem");
        var run = RunDirectoryReader.Read(dir);
        var upload = await Uploader().UploadAsync(run, "s3://gc-results/rundirs/gchp1/", null, CancellationToken.None);

        var objects = Uploaded("gc-results", "rundirs/gchp1/");
        var regular = RunDirectoryFiles.Scan(dir).Files;
        Assert.Equal(regular.Append(".gc-links").Order(StringComparer.Ordinal), objects.Keys.Order(StringComparer.Ordinal));
        Assert.DoesNotContain(objects.Keys, k => k is "ChemDir" or "HcoDir" or "MetDir" or "CodeDir" or "runScriptSamples" || k.StartsWith("Restarts/", StringComparison.Ordinal) || k.StartsWith("CodeDir/", StringComparison.Ordinal));
        Assert.Equal(File.ReadAllBytes(Path.Combine(dir, "setCommonRunSettings.sh")), objects["setCommonRunSettings.sh"]);
        var manifest = Encoding.UTF8.GetString(objects[".gc-links"]).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(10, manifest.Length);
        Assert.Contains("ChemDir\t/home/gcuser/ExtData/CHEM_INPUTS", manifest);
        Assert.Contains("Restarts/GEOSChem.Restart.20190701_0000z.c24.nc4\t/home/gcuser/ExtData/GEOSCHEM_RESTARTS/GC_14.7.0/GEOSChem.Restart.fullchem.20190701_0000z.c24.nc4", manifest);
        Assert.Equal(("s3://gc-results/rundirs/gchp1/", regular.Count, 10), (upload.RunDirectory, upload.FileCount, upload.LinksNotFollowed.Length));
        Assert.Equal(regular.Sum(f => new FileInfo(Path.Combine(dir, f)).Length), upload.Bytes);
    }

    [SharedGeosChemFact]
    public async Task ALinkToAFolderIsNeverEntered()
    {
        var dir = SharedGeosChem.Extract("gc_4x5_merra2_fullchem");
        var outside = Directory.CreateTempSubdirectory("gc-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "secret.nc"), "not part of the run directory");
        File.CreateSymbolicLink(Path.Combine(dir, "MyData"), outside);
        var upload = await Uploader().UploadAsync(RunDirectoryReader.Read(dir), "s3://gc-results/rundirs/fc/", null, CancellationToken.None);
        var objects = Uploaded("gc-results", "rundirs/fc/");
        Assert.DoesNotContain(objects.Keys, k => k.Contains("secret", StringComparison.Ordinal));
        Assert.Contains($"MyData\t{outside}", Encoding.UTF8.GetString(objects[".gc-links"]));
        Assert.Contains("geoschem_config.yml", objects.Keys);
        Assert.Contains($"MyData -> {outside}", upload.LinksNotFollowed);
    }

    [Theory]
    [InlineData("s3://bucket/a/b", "bucket", "a/b/")]
    [InlineData("s3://bucket/", "bucket", "")]
    [InlineData("s3://bucket", "bucket", "")]
    public void S3LocationsAreSplitWithATrailingSlash(string uri, string bucket, string prefix) =>
        Assert.Equal((bucket, prefix), RunDirectoryUploader.SplitS3(uri));
}
