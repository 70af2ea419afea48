using Amazon;
using Amazon.Runtime;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Sdk;

namespace GeosChem.PowerShell.Tests;

/// <summary>The served SDK clients take their endpoint, region and retry budget from the same AwsContext as our own clients.</summary>
public sealed class SdkClientConfigurationTests
{
    private static AwsContext Context(string? endpointUrl, Dictionary<string, string>? env = null) =>
        new(new BasicAWSCredentials("AKIAEXAMPLE000000001", "s"), RegionEndpoint.EUWest1, "test", "test", endpointUrl,
            new DictionaryEnvironment(env ?? new Dictionary<string, string>()), new RetryOptions { MaxAttempts = 4 });

    [Fact]
    public void WithoutAnOverrideClientsUseTheRegion()
    {
        using var ssm = SdkClients.Ssm(Context(null));
        Assert.Equal(RegionEndpoint.EUWest1, ssm.Config.RegionEndpoint);
        Assert.Null(ssm.Config.ServiceURL);
        Assert.Equal(3, ssm.Config.MaxErrorRetry);
    }

    [Fact]
    public void EndpointUrlRedirectsEveryClientAndKeepsTheSigningRegion()
    {
        var context = Context("http://127.0.0.1:4566");
        using var ec2 = SdkClients.Ec2(context);
        using var ssm = SdkClients.Ssm(context);
        using var s3 = SdkClients.S3(context);
        using var sts = SdkClients.Sts(context);
        foreach (var config in new IClientConfig[] { ec2.Config, ssm.Config, s3.Config, sts.Config })
        {
            Assert.Equal("http://127.0.0.1:4566/", config.ServiceURL);
            Assert.Equal("eu-west-1", config.AuthenticationRegion);
        }
        Assert.True(((Amazon.S3.AmazonS3Config)s3.Config).ForcePathStyle);
    }

    [Fact]
    public void PerServiceVariablesRedirectOnlyTheirService()
    {
        var context = Context(null, new() { ["AWS_ENDPOINT_URL_SSM"] = "http://127.0.0.1:7000" });
        using var ssm = SdkClients.Ssm(context);
        using var ec2 = SdkClients.Ec2(context);
        Assert.Equal("http://127.0.0.1:7000/", ssm.Config.ServiceURL);
        Assert.Null(ec2.Config.ServiceURL);
    }
}
