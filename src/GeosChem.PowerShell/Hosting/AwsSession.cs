using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Ecr;
using GeosChem.PowerShell.Aws.Ecs;
using GeosChem.PowerShell.Aws.Logs;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Aws.ServiceQuotas;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// One cmdlet invocation's AWS: credentials, region and endpoints resolved once per distinct -Region, and the clients
/// made from them, which the owning cmdlet disposes with itself.
/// </summary>
internal sealed class AwsSession(GcCmdlet cmdlet, Func<AwsCommonParameters> parameters)
{
    private readonly Dictionary<string, AwsContext> _contexts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (BatchClient Batch, BatchDirectory Directory)> _batch = new(StringComparer.Ordinal);

    /// <summary>The region of the configuration the cmdlet was given (-ConfigurationPath), used instead of the default file's.</summary>
    public string? ConfiguredRegion { get; set; }

    /// <summary>The context for the parameters as bound now (each record of a pipeline may name another region).</summary>
    public AwsContext Context
    {
        get
        {
            var bound = parameters();
            var key = bound.Region ?? "";
            if (_contexts.TryGetValue(key, out var known)) return known;
            var resolver = AwsContextResolver.WithConfiguredRegion(ProcessEnvironment.Instance, ConfiguredRegion is { } configured
                ? () => configured : Hosting.ConfiguredRegion.From(ProcessEnvironment.Instance));
            AwsContext context;
            try
            {
                context = resolver.Resolve(bound);
            }
            catch (GcException ex)
            {
                cmdlet.ThrowGcError(ex);
                throw; // not reached: ThrowTerminatingError throws
            }
            foreach (var note in resolver.Notes) cmdlet.WriteDebug(note);
            cmdlet.WriteDebug($"Credentials from {context.CredentialSource}; region {context.Region} from {context.RegionSource}.");
            return _contexts[key] = context;
        }
    }

    /// <summary>The context already resolved for a region in this invocation (rows of a pipeline may name different regions).</summary>
    public AwsContext ContextFor(string region) => _contexts.Values.FirstOrDefault(c => c.Region == region) ?? Context;

    public AwsProtocolClient ProtocolClient(AwsServiceDescriptor service, AwsContext context, System.Text.Json.JsonSerializerOptions json)
    {
        try
        {
            var client = new AwsProtocolClient(service, context, json, cmdlet.Bridge);
            cmdlet.WriteDebug($"{service.ServiceId} endpoint: {client.Endpoint}");
            return cmdlet.Own(client);
        }
        catch (GcException ex)
        {
            cmdlet.ThrowGcError(ex);
            throw;
        }
    }

    public IServiceQuotasClient ServiceQuotas(AwsContext context) =>
        new ServiceQuotasClient(ProtocolClient(AwsServiceDescriptor.ServiceQuotas, context, AwsJson.PascalCase));

    public IEc2Gateway Ec2(AwsContext context) => SdkGateways.Ec2(context, Own);

    public StsGateway Sts(AwsContext context) => SdkGateways.Sts(context, Own);

    public EcrClient Ecr(AwsContext context) => new(ProtocolClient(AwsServiceDescriptor.Ecr, context, AwsJson.CamelCase));

    public LogsClient Logs(AwsContext context) => new(ProtocolClient(AwsServiceDescriptor.CloudWatchLogs, context, AwsJson.CamelCase));

    public EcsClient Ecs(AwsContext context) => new(ProtocolClient(AwsServiceDescriptor.Ecs, context, AwsJson.CamelCase));

    /// <summary>The Batch client and its queue/definition lookups, once per region.</summary>
    public (BatchClient Batch, BatchDirectory Directory) Batch(AwsContext context)
    {
        if (_batch.TryGetValue(context.Region, out var known)) return known;
        var client = new BatchClient(ProtocolClient(AwsServiceDescriptor.Batch, context, AwsJson.CamelCase));
        return _batch[context.Region] = (client, new BatchDirectory(client));
    }

    public BuilderGateway Builder(AwsContext context) => SdkGateways.Builder(context, Own);

    public PlatformGateway Platform(AwsContext context) => SdkGateways.Platform(context, Own);

    public ObjectStoreGateway ObjectStore(AwsContext context) => SdkGateways.ObjectStore(context, Own);

    private void Own(IDisposable client) => cmdlet.Own(client);
}
