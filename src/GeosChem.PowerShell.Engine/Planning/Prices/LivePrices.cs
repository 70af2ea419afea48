using GeosChem.PowerShell.Aws.Pricing;
using GeosChem.PowerShell.Aws.Sdk;

namespace GeosChem.PowerShell.Planning.Prices;

/// <summary>Fetches a region's On-Demand (Price List) and Spot (EC2 Spot price history) prices, through the cache.</summary>
internal sealed class LivePrices(IPricingClient pricing, IEc2Gateway ec2, PriceCache cache, InstanceCatalog catalog, Func<DateTime> clock)
{
    public static readonly TimeSpan DefaultMaxAge = TimeSpan.FromHours(24);

    /// <summary>Cached prices younger than <paramref name="maxAge"/>, else fresh ones (then cached). <c>FromCache</c> says which.</summary>
    public async Task<(RegionPrices Prices, bool FromCache)> GetAsync(string region, TimeSpan maxAge, bool force, CancellationToken cancellationToken)
    {
        if (!force && cache.Read(region) is { } cached && cached.Age(clock()) <= maxAge)
        {
            return (cached, true);
        }
        var known = catalog.Specs.Select(s => s.InstanceType).ToHashSet(StringComparer.Ordinal);
        var onDemand = new Dictionary<string, double>(StringComparer.Ordinal);
        await foreach (var price in pricing.LinuxOnDemandPricesAsync(region, cancellationToken).ConfigureAwait(false))
        {
            if (known.Contains(price.InstanceType) && price.RegionCode == region) onDemand[price.InstanceType] = price.UsdPerHour;
        }
        var quotes = await ec2.DescribeCurrentSpotPricesAsync(known.Where(onDemand.ContainsKey).ToList(), cancellationToken).ConfigureAwait(false);
        var specs = (await ec2.DescribeInstanceTypesAsync(onDemand.Keys.ToList(), cancellationToken).ConfigureAwait(false))
            .ToDictionary(f => f.InstanceType, f => new LiveSpec(f.VCpus, f.Cores, f.MemoryGiB, f.EfaSupported), StringComparer.Ordinal);
        var spot = quotes.GroupBy(q => q.InstanceType).ToDictionary(g => g.Key, g => Median(g.Select(q => q.UsdPerHour)), StringComparer.Ordinal);
        var fresh = new RegionPrices
        {
            Region = region,
            FetchedAtUtc = clock(),
            OnDemand = onDemand,
            Spot = spot,
            Specs = specs,
            Source = $"AWS Price List (GetProducts), EC2 DescribeSpotPriceHistory and DescribeInstanceTypes for {region}",
        };
        cache.Write(fresh);
        return (fresh, false);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
