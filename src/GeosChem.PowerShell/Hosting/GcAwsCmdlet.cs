using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Aws.ServiceQuotas;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Base of every cmdlet that calls AWS: the AWS Tools common parameters with their aliases, and one resolution of
/// credentials, region and endpoint per region used in the invocation.
/// </summary>
public abstract class GcAwsCmdlet : GcCmdlet
{
    private readonly Dictionary<string, AwsContext> _contexts = new(StringComparer.Ordinal);

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

    /// <summary>Credentials, region and endpoints for the current record; resolved once per distinct -Region.</summary>
    private protected AwsContext Context
    {
        get
        {
            var key = Region ?? "";
            if (_contexts.TryGetValue(key, out var known)) return known;
            var resolver = new AwsContextResolver(ProcessEnvironment.Instance);
            AwsContext context;
            try
            {
                context = resolver.Resolve(new AwsCommonParameters
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
                });
            }
            catch (GcException ex)
            {
                ThrowGcError(ex);
                throw; // not reached: ThrowTerminatingError throws
            }
            foreach (var note in resolver.Notes) WriteDebug(note);
            WriteDebug($"Credentials from {context.CredentialSource}; region {context.Region} from {context.RegionSource}.");
            return _contexts[key] = context;
        }
    }

    private protected IServiceQuotasClient CreateServiceQuotasClient(AwsContext context) =>
        new ServiceQuotasClient(Own(NewProtocolClient(AwsServiceDescriptor.ServiceQuotas, context, AwsJson.PascalCase)));

    private protected IEc2Gateway CreateEc2Gateway(AwsContext context) => new Ec2Gateway(context, Own(SdkClients.Ec2(context)));

    private protected AwsProtocolClient NewProtocolClient(AwsServiceDescriptor service, AwsContext context, System.Text.Json.JsonSerializerOptions json)
    {
        try
        {
            var client = new AwsProtocolClient(service, context, json, Bridge);
            WriteDebug($"{service.ServiceId} endpoint: {client.Endpoint}");
            return client;
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
            throw;
        }
    }

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
}
