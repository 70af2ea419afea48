using Amazon;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws;

/// <summary>
/// Where a call goes: -EndpointUrl, then AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL, then the service's
/// regional endpoint built from its endpoint prefix and the partition's DNS suffix (a global service's has no region).
/// </summary>
internal static class EndpointResolver
{
    public static Uri Resolve(AwsServiceDescriptor service, RegionEndpoint region, string? endpointUrl, IEnvironment environment)
    {
        if (Override(service, endpointUrl, environment) is { } overridden)
        {
            return overridden;
        }
        var suffix = string.IsNullOrEmpty(region.PartitionDnsSuffix) ? "amazonaws.com" : region.PartitionDnsSuffix;
        return service.Global
            ? new Uri($"https://{service.EndpointPrefix}.{suffix}/")
            : new Uri($"https://{service.EndpointPrefix}.{region.SystemName}.{suffix}/");
    }

    /// <summary>The DNS domain of the region's partition (amazonaws.com, amazonaws.com.cn, amazonaws.eu, c2s.ic.gov ...), as the SDK knows it.</summary>
    public static string DnsSuffix(string region)
    {
        var suffix = RegionEndpoint.GetBySystemName(region).PartitionDnsSuffix;
        return string.IsNullOrEmpty(suffix) ? "amazonaws.com" : suffix;
    }

    /// <summary>The configured endpoint for the service, or null when calls go to AWS itself.</summary>
    public static Uri? Override(AwsServiceDescriptor service, string? endpointUrl, IEnvironment environment)
    {
        var (configured, origin) = endpointUrl is not null
            ? (endpointUrl, "-EndpointUrl")
            : environment.Get(service.EndpointVariable) is { } perService
                ? (perService, service.EndpointVariable)
                : environment.Get("AWS_ENDPOINT_URL") is { } global
                    ? (global, "AWS_ENDPOINT_URL")
                    : ((string?)null, (string?)null);

        return configured is null ? null : ParseEndpoint(configured, origin!);
    }

    private static Uri ParseEndpoint(string value, string origin)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            return uri.AbsolutePath.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
        }
        throw new GcException(ErrorIds.AwsEndpointInvalid, GcErrorKind.InvalidArgument,
            $"The endpoint '{value}' given by {origin} is not an absolute http or https URL.",
            "Give a URL such as https://servicequotas.us-east-1.amazonaws.com or http://127.0.0.1:4566.", value);
    }
}
