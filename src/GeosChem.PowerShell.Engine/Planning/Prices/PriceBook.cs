namespace GeosChem.PowerShell.Planning.Prices;

/// <summary>A price with where it came from and when.</summary>
internal sealed record QuotedPrice(double UsdPerHour, string AsOf, string Source);

/// <summary>Where estimates get prices: the shipped catalog, optionally overlaid with live prices for one region.</summary>
internal sealed class PriceBook(RegionPrices? live)
{
    public static readonly PriceBook CatalogOnly = new(null);

    public RegionPrices? Live => live;

    public QuotedPrice? OnDemand(InstanceSpec instance, string region)
    {
        if (live is not null && live.Region == region)
        {
            return live.OnDemand.TryGetValue(instance.InstanceType, out var price)
                ? new QuotedPrice(price, live.FetchedAtUtc.ToString("yyyy-MM-dd"), "live Price List") : null;
        }
        return instance.OnDemandPrices.TryGetValue(region, out var catalogPrice)
            ? new QuotedPrice(catalogPrice, instance.PriceAsOf.ToString("yyyy-MM-dd"), "catalog") : null;
    }

    public QuotedPrice? Spot(InstanceSpec instance, string region) =>
        live is not null && live.Region == region && live.Spot.TryGetValue(instance.InstanceType, out var price)
            ? new QuotedPrice(price, live.FetchedAtUtc.ToString("yyyy-MM-dd HH:mm") + "Z", "live Spot price history") : null;

    /// <summary>The catalog's specification, corrected by the region's live one where it has been fetched.</summary>
    public InstanceSpec Refine(InstanceSpec instance, string region) =>
        live is not null && live.Region == region && live.Specs.TryGetValue(instance.InstanceType, out var s)
            ? instance with { VCpus = s.VCpus, PhysicalCores = s.PhysicalCores > 0 ? s.PhysicalCores : instance.PhysicalCores, MemoryGiB = s.MemoryGiB, EfaSupported = s.EfaSupported }
            : instance;

    /// <summary>Catalogued types whose live specification differs from the catalog's.</summary>
    public static IEnumerable<string> SpecChanges(RegionPrices prices, InstanceCatalog catalog) =>
        prices.Specs.Where(kv => catalog.Find(kv.Key) is { } c && (c.VCpus != kv.Value.VCpus || Math.Abs(c.MemoryGiB - kv.Value.MemoryGiB) > 0.5 || c.EfaSupported != kv.Value.EfaSupported))
            .Select(kv => kv.Key).Order(StringComparer.Ordinal);

    /// <summary>With live prices, a type the region's Price List does not list is not offered there.</summary>
    public bool OfferedIn(InstanceSpec instance, string region) =>
        live is null || live.Region != region || live.OnDemand.ContainsKey(instance.InstanceType);
}
