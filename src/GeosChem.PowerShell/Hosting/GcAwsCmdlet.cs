using System.Management.Automation;
using GeosChem.PowerShell.Aws;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Base of every cmdlet that calls AWS. It declares only what PowerShell needs on the class itself: the AWS Tools
/// common parameters with their aliases; the AWS work is done by the <see cref="AwsSession"/> it builds from them.
/// </summary>
public abstract class GcAwsCmdlet : GcCmdlet
{
    private AwsSession? _aws;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("RegionToCall")]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string? Region { get; set; }

    [Parameter]
    [Alias("StoredCredentials", "AWSProfileName")]
    public string? ProfileName { get; set; }

    [Parameter]
    [Alias("AWSProfilesLocation", "ProfilesLocation")]
    public string? ProfileLocation { get; set; }

    [Parameter]
    [Alias("AK")]
    public string? AccessKey { get; set; }

    [Parameter]
    [Alias("SK")]
    public string? SecretKey { get; set; }

    [Parameter]
    [Alias("ST")]
    public string? SessionToken { get; set; }

    [Parameter]
    public string? EndpointUrl { get; set; }

    /// <summary>This invocation's AWS: contexts per region and the clients made from them.</summary>
    internal AwsSession Aws => _aws ??= new AwsSession(this, BoundAwsParameters);

    /// <summary>Credentials, region and endpoints for the current record; resolved once per distinct -Region.</summary>
    internal AwsContext Context => Aws.Context;

    /// <summary>$StoredAWSRegion of the caller's session, as text.</summary>
    internal string? StoredRegion => Unwrap(SessionState.PSVariable.GetValue("StoredAWSRegion"))?.ToString();

    private AwsCommonParameters BoundAwsParameters() => new()
    {
        Region = Region,
        ProfileName = ProfileName,
        ProfileLocation = ProfileLocation,
        AccessKey = AccessKey,
        SecretKey = SecretKey,
        SessionToken = SessionToken,
        EndpointUrl = EndpointUrl,
        StoredCredentials = Unwrap(SessionState.PSVariable.GetValue("StoredAWSCredentials")),
        StoredRegion = Unwrap(SessionState.PSVariable.GetValue("StoredAWSRegion")),
    };

    internal static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
}
