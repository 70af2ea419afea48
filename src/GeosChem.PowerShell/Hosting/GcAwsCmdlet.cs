using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.Pricing;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;
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

    /// <summary>The context already resolved for a region in this invocation (rows of a pipeline may name different regions).</summary>
    private protected AwsContext ContextFor(string region) =>
        _contexts.Values.FirstOrDefault(c => c.Region == region) ?? Context;

    private protected IServiceQuotasClient CreateServiceQuotasClient(AwsContext context) =>
        new ServiceQuotasClient(Own(NewProtocolClient(AwsServiceDescriptor.ServiceQuotas, context, AwsJson.PascalCase)));

    private protected IEc2Gateway CreateEc2Gateway(AwsContext context) => new Ec2Gateway(context, Own(SdkClients.Ec2(context)));

    /// <summary>
    /// The region and prices an estimate uses: with -Live, the AWS region resolution and current prices (cached);
    /// without, the offline region order and the shipped catalog, reading no credentials at all.
    /// </summary>
    private protected (string Region, PriceBook Prices) PricesFor(bool live)
    {
        if (live)
        {
            var context = Context;
            return (context.Region, new PriceBook(FetchLivePrices(context, LivePrices.DefaultMaxAge, force: false).Prices));
        }
        var region = OfflineRegion.Resolve(Region, GetVariableValue("StoredAWSRegion"), ProcessEnvironment.Instance, out var source);
        WriteVerbose($"Prices for {region} (region from {source}) from the shipped instance catalog.");
        return (region, PriceBook.CatalogOnly);
    }

    /// <summary>Current prices for the region, from the per-user cache when younger than <paramref name="maxAge"/>, else from AWS.</summary>
    private protected (RegionPrices Prices, bool FromCache, string CacheFile) FetchLivePrices(AwsContext context, TimeSpan maxAge, bool force)
    {
        var pricingContext = context.WithRegion(Amazon.RegionEndpoint.GetBySystemName(PricingClient.EndpointRegion));
        var pricing = new PricingClient(Own(NewProtocolClient(AwsServiceDescriptor.Pricing, pricingContext, AwsJson.PascalCase)));
        var cache = PriceCache.ForUser(ProcessEnvironment.Instance);
        var live = new LivePrices(pricing, CreateEc2Gateway(context), cache, InstanceCatalog.Default, () => DateTime.UtcNow);
        var (prices, fromCache) = Run(ct => live.GetAsync(context.Region, maxAge, force, ct));
        WriteVerbose(fromCache
            ? $"Prices for {context.Region} from the cache {cache.FileFor(context.Region)} (fetched {prices.FetchedAtUtc:yyyy-MM-dd HH:mm}Z from {prices.Source})."
            : $"Prices for {context.Region} fetched now from {prices.Source}: {prices.OnDemand.Count} On-Demand, {prices.Spot.Count} Spot; cached in {cache.FileFor(context.Region)}.");
        return (prices, fromCache, cache.FileFor(context.Region));
    }

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

    /// <summary>"standard" (what estimates report back) means no option, so an estimate pipes back in unchanged.</summary>
    private protected static string? NullIfStandard(string? option) =>
        string.IsNullOrWhiteSpace(option) || option.Trim().Equals("standard", StringComparison.OrdinalIgnoreCase) ? null : option.Trim();

    private static object? Unwrap(object? value) => value is PSObject ps ? ps.BaseObject : value;
}
