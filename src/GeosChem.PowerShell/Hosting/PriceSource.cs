using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Pricing;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;

namespace GeosChem.PowerShell.Hosting;

/// <summary>Where a cmdlet's prices come from: the shipped catalog, or (with -Live) the Price List and Spot history through the per-user cache.</summary>
internal sealed class PriceSource(GcAwsCmdlet cmdlet)
{
    /// <summary>
    /// The region and prices an estimate uses: with -Live, the AWS region resolution and current prices (cached);
    /// without, the offline region order and the shipped catalog, reading no credentials at all.
    /// </summary>
    public (string Region, PriceBook Prices) For(bool live)
    {
        if (live)
        {
            var context = cmdlet.Context;
            return (context.Region, new PriceBook(Live(context, LivePrices.DefaultMaxAge, force: false).Prices));
        }
        var region = Offline(out var source);
        cmdlet.WriteVerbose($"Prices for {region} (region from {source}) from the shipped instance catalog.");
        return (region, PriceBook.CatalogOnly);
    }

    /// <summary>The region without any AWS call: -Region, $StoredAWSRegion, the environment, else us-east-1.</summary>
    public string Offline(out string source) => OfflineRegion.Resolve(cmdlet.Region, cmdlet.StoredRegion, ProcessEnvironment.Instance, out source);

    /// <summary>Current prices for the region, from the per-user cache when younger than <paramref name="maxAge"/>, else from AWS.</summary>
    public (RegionPrices Prices, bool FromCache, string CacheFile) Live(AwsContext context, TimeSpan maxAge, bool force)
    {
        var pricingContext = context.InRegion(PricingClient.EndpointRegion);
        var pricing = new PricingClient(cmdlet.Aws.ProtocolClient(AwsServiceDescriptor.Pricing, pricingContext, AwsJson.PascalCase));
        var cache = PriceCache.ForUser(ProcessEnvironment.Instance);
        var live = new LivePrices(pricing, cmdlet.Aws.Ec2(context), cache, InstanceCatalog.Default, () => DateTime.UtcNow);
        var (prices, fromCache) = cmdlet.Run(ct => live.GetAsync(context.Region, maxAge, force, ct));
        cmdlet.WriteVerbose(fromCache
            ? $"Prices for {context.Region} from the cache {cache.FileFor(context.Region)} (fetched {prices.FetchedAtUtc:yyyy-MM-dd HH:mm}Z from {prices.Source})."
            : $"Prices for {context.Region} fetched now from {prices.Source}: {prices.OnDemand.Count} On-Demand, {prices.Spot.Count} Spot; cached in {cache.FileFor(context.Region)}.");
        return (prices, fromCache, cache.FileFor(context.Region));
    }
}
