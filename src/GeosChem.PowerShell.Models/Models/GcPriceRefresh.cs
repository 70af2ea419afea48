namespace GeosChem.PowerShell.Models;

/// <summary>What Update-GcInstanceCatalog fetched (or found fresh in the cache) for one region.</summary>
public sealed class GcPriceRefresh
{
    public string Region { get; set; } = "";
    public int OnDemandPrices { get; set; }
    public int SpotPrices { get; set; }
    public DateTime FetchedAt { get; set; }
    public bool FromCache { get; set; }
    public string Source { get; set; } = "";
    public string CacheFile { get; set; } = "";
    /// <summary>Catalogued types the region's Price List does not list: not offered there.</summary>
    public string[] NotOffered { get; set; } = [];
    /// <summary>How many instance types' specifications were read from EC2.</summary>
    public int Specs { get; set; }
    /// <summary>Catalogued types whose live vCPUs, memory or EFA differ from the catalog (estimates use the live values).</summary>
    public string[] SpecChanges { get; set; } = [];
}
