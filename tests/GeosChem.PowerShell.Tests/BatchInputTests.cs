using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

public sealed class BatchInputTests
{
    [Theory]
    [InlineData("8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f")]
    [InlineData("8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f:17")]
    [InlineData("8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f#3")]
    [InlineData(" 8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f ")]
    public void JobIdsOfBatchFormAreAccepted(string id) => Assert.Equal(id.Trim(), BatchInput.JobId(id));

    [Theory]
    [InlineData("job-123")]
    [InlineData("8c1f0a2e5b7d4c8e9f001a2b3c4d5e6f")]
    [InlineData("8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f:x")]
    [InlineData("")]
    public void JobIdsOfAnyOtherFormAreRefusedWithTheShapeShown(string id)
    {
        var ex = Assert.Throws<GcException>(() => BatchInput.JobId(id));
        Assert.Equal("GcBatchJobIdInvalid", ex.ErrorId);
        Assert.Contains("8c1f0a2e-", ex.Fix);
    }

    [Fact]
    public void S3PrefixesAreNormalisedAndLocalPathsRefused()
    {
        Assert.Equal("s3://my-bucket/runs/a/", BatchInput.S3Prefix("s3://my-bucket/runs/a", "RunDirectory"));
        Assert.Equal("s3://my-bucket/", BatchInput.S3Prefix("s3://my-bucket", "RunDirectory"));
        Assert.Null(BatchInput.S3Prefix("  ", "RunDirectory"));
        foreach (var bad in new[] { "/home/me/run", "https://my-bucket.s3.amazonaws.com/x", "s3://My_Bucket/x", "s3:/bucket" })
        {
            var ex = Assert.Throws<GcException>(() => BatchInput.S3Prefix(bad, "RunDirectory"));
            Assert.Equal("GcS3UriInvalid", ex.ErrorId);
            Assert.Contains("-RunDirectory", ex.Problem);
        }
    }

    [Fact]
    public void ArraySizesOutsideBatchLimitsAreRefused()
    {
        Assert.Null(BatchInput.ArraySize(null));
        Assert.Equal(2, BatchInput.ArraySize(2));
        Assert.Equal(10_000, BatchInput.ArraySize(10_000));
        Assert.Equal("GcBatchArraySizeInvalid", Assert.Throws<GcException>(() => BatchInput.ArraySize(1)).ErrorId);
        Assert.Equal("GcBatchArraySizeInvalid", Assert.Throws<GcException>(() => BatchInput.ArraySize(10_001)).ErrorId);
    }

    [Fact]
    public void TimeoutsBelowSixtySecondsAreRefusedWithFormsThatWork()
    {
        Assert.Equal(3600, BatchInput.TimeoutSeconds(TimeSpan.FromHours(1)));
        Assert.Equal(60, BatchInput.TimeoutSeconds(TimeSpan.FromSeconds(60)));
        var ex = Assert.Throws<GcException>(() => BatchInput.TimeoutSeconds(new TimeSpan(3600)));
        Assert.Equal("GcBatchTimeoutTooShort", ex.ErrorId);
        Assert.Contains("-Timeout 12h", ex.Fix);
    }

    [Fact]
    public void DependenciesAreSplitDeduplicatedAndCappedAtTwenty()
    {
        var a = "8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f";
        var b = "9c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f";
        Assert.Equal([a, b], BatchInput.Dependencies([$"{a};{b}", a]));
        var many = Enumerable.Range(0, 21).Select(i => $"{i:x8}-5b7d-4c8e-9f00-1a2b3c4d5e6f").ToArray();
        Assert.Equal("GcBatchTooManyDependencies", Assert.Throws<GcException>(() => BatchInput.Dependencies(many)).ErrorId);
        Assert.Equal("GcBatchJobIdInvalid", Assert.Throws<GcException>(() => BatchInput.Dependencies(["nope"])).ErrorId);
    }
}
