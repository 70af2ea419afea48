using Amazon;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Tests;

public sealed class EndpointAndRetryTests
{
    private static IEnvironment Env(params (string Name, string Value)[] values) =>
        new DictionaryEnvironment(values.ToDictionary(v => v.Name, v => v.Value));

    [Fact]
    public void DefaultEndpointUsesThePrefixAndThePartitionSuffix()
    {
        Assert.Equal("https://servicequotas.us-east-1.amazonaws.com/",
            EndpointResolver.Resolve(AwsServiceDescriptor.ServiceQuotas, RegionEndpoint.USEast1, null, Env()).AbsoluteUri);
        Assert.Equal("https://api.ecr.cn-north-1.amazonaws.com.cn/",
            EndpointResolver.Resolve(AwsServiceDescriptor.Ecr, RegionEndpoint.CNNorth1, null, Env()).AbsoluteUri);
        Assert.Equal("https://batch.eu-west-1.amazonaws.com/",
            EndpointResolver.Resolve(AwsServiceDescriptor.Batch, RegionEndpoint.EUWest1, null, Env()).AbsoluteUri);
    }

    [Fact]
    public void OverridesApplyInOrder()
    {
        var env = Env(("AWS_ENDPOINT_URL", "http://127.0.0.1:1000"), ("AWS_ENDPOINT_URL_SERVICE_QUOTAS", "http://127.0.0.1:2000"));
        Assert.Equal("http://127.0.0.1:2000/", EndpointResolver.Resolve(AwsServiceDescriptor.ServiceQuotas, RegionEndpoint.USEast1, null, env).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:1000/", EndpointResolver.Resolve(AwsServiceDescriptor.Ec2, RegionEndpoint.USEast1, null, env).AbsoluteUri);
        Assert.Equal("http://127.0.0.1:3000/", EndpointResolver.Resolve(AwsServiceDescriptor.ServiceQuotas, RegionEndpoint.USEast1, "http://127.0.0.1:3000", env).AbsoluteUri);
        Assert.Null(EndpointResolver.Override(AwsServiceDescriptor.Ec2, null, Env()));
    }

    [Fact]
    public void EndpointVariableNamesFollowTheSdkConvention()
    {
        Assert.Equal("AWS_ENDPOINT_URL_SERVICE_QUOTAS", AwsServiceDescriptor.ServiceQuotas.EndpointVariable);
        Assert.Equal("AWS_ENDPOINT_URL_CLOUDWATCH_LOGS", AwsServiceDescriptor.CloudWatchLogs.EndpointVariable);
        Assert.Equal("AWS_ENDPOINT_URL_BATCH", AwsServiceDescriptor.Batch.EndpointVariable);
    }

    [Fact]
    public void MalformedEndpointIsAnError()
    {
        var error = Assert.Throws<GcException>(() => EndpointResolver.Resolve(AwsServiceDescriptor.Ec2, RegionEndpoint.USEast1, "localhost:4566", Env()));
        Assert.Equal("GcAwsEndpointInvalid", error.ErrorId);
    }

    [Fact]
    public void BackoffIsFullJitterUnderACappedExponentialBound()
    {
        var options = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromSeconds(2) };
        var random = new Random(7);
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var bound = Math.Min(2000, 100 * Math.Pow(2, attempt - 1));
            var samples = Enumerable.Range(0, 2000).Select(_ => options.DelayBeforeRetry(attempt, random).TotalMilliseconds).ToList();
            Assert.All(samples, d => Assert.InRange(d, 0, bound));
            // Full jitter spreads waits over the whole range rather than clustering at the bound.
            Assert.InRange(samples.Average(), bound * 0.4, bound * 0.6);
            Assert.True(samples.Max() > bound * 0.95);
        }
    }
}
