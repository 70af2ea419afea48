namespace GeosChem.PowerShell.Aws;

/// <summary>The AWS Tools common parameters as bound on one cmdlet invocation.</summary>
internal sealed record AwsCommonParameters
{
    public string? Region { get; init; }
    public string? ProfileName { get; init; }
    public string? ProfileLocation { get; init; }
    public string? AccessKey { get; init; }
    public string? SecretKey { get; init; }
    public string? SessionToken { get; init; }
    public string? EndpointUrl { get; init; }

    /// <summary>The value of $StoredAWSCredentials in the caller's session, if any (an AWS.Tools object or a profile name).</summary>
    public object? StoredCredentials { get; init; }

    /// <summary>The value of $StoredAWSRegion in the caller's session, if any.</summary>
    public object? StoredRegion { get; init; }
}
