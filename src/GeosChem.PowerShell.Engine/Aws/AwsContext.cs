using Amazon;
using Amazon.Runtime;

namespace GeosChem.PowerShell.Aws;

/// <summary>Credentials, region and endpoint settings resolved once for one cmdlet invocation.</summary>
internal sealed class AwsContext
{
    public AwsContext(AWSCredentials credentials, RegionEndpoint region, string credentialSource, string regionSource,
        string? endpointUrl, IEnvironment environment, RetryOptions retry)
    {
        Credentials = credentials;
        RegionEndpoint = region;
        CredentialSource = credentialSource;
        RegionSource = regionSource;
        EndpointUrl = endpointUrl;
        Environment = environment;
        Retry = retry;
    }

    public AWSCredentials Credentials { get; }
    public RegionEndpoint RegionEndpoint { get; }
    public string Region => RegionEndpoint.SystemName;
    /// <summary>Where the credentials came from, in words; never a secret.</summary>
    public string CredentialSource { get; }
    public string RegionSource { get; }
    public string? EndpointUrl { get; }
    public IEnvironment Environment { get; }
    public RetryOptions Retry { get; }

    public Uri EndpointFor(AwsServiceDescriptor service) => EndpointResolver.Resolve(service, RegionEndpoint, EndpointUrl, Environment);

    /// <summary>The same identity and settings, calling another region (the Price List API lives in us-east-1).</summary>
    public AwsContext WithRegion(RegionEndpoint region) =>
        new(Credentials, region, CredentialSource, RegionSource, EndpointUrl, Environment, Retry);

    /// <summary><see cref="WithRegion(RegionEndpoint)"/> by the region's name, for the PowerShell layer, which names no SDK type.</summary>
    public AwsContext InRegion(string region) => WithRegion(RegionEndpoint.GetBySystemName(region));

    public AwsContext WithRetry(RetryOptions retry) =>
        new(Credentials, RegionEndpoint, CredentialSource, RegionSource, EndpointUrl, Environment, retry);
}
