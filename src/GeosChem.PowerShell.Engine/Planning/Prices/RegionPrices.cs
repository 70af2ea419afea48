namespace GeosChem.PowerShell.Planning.Prices;

/// <summary>Live prices for one region, as fetched (and cached) at one moment.</summary>
internal sealed class RegionPrices
{
    public string Region { get; set; } = "";
    public DateTime FetchedAtUtc { get; set; }
    /// <summary>Linux On-Demand USD per hour, from the AWS Price List.</summary>
    public Dictionary<string, double> OnDemand { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Linux Spot USD per hour: the median over Availability Zones of the price in force when fetched.</summary>
    public Dictionary<string, double> Spot { get; set; } = new(StringComparer.Ordinal);
    /// <summary>Specifications from EC2 DescribeInstanceTypes in the region, for the types it offers.</summary>
    public Dictionary<string, LiveSpec> Specs { get; set; } = new(StringComparer.Ordinal);
    public string Source { get; set; } = "";

    public TimeSpan Age(DateTime nowUtc) => nowUtc - FetchedAtUtc;
}

internal sealed record LiveSpec(int VCpus, int PhysicalCores, double MemoryGiB, bool EfaSupported);
