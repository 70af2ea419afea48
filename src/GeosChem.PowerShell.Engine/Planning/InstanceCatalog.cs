using System.Globalization;

namespace GeosChem.PowerShell.Planning;

/// <summary>One EC2 instance type as the shipped catalog knows it.</summary>
internal sealed record InstanceSpec(
    string InstanceType,
    string Family,
    string Architecture,
    int VCpus,
    int PhysicalCores,
    int ThreadsPerCore,
    double MemoryGiB,
    double? NetworkGbps,
    bool EfaSupported,
    string Processor,
    double? SustainedClockGhz,
    IReadOnlyDictionary<string, double> OnDemandPrices,
    DateOnly PriceAsOf,
    string SpecSource,
    string PriceSource);

/// <summary>The instance catalog shipped as Data/ec2-instance-catalog.csv; works with no AWS account.</summary>
internal sealed class InstanceCatalog
{
    private const string PricePrefix = "ondemand_usd_per_hour_";
    private static readonly Lazy<InstanceCatalog> Embedded = new(() => Parse(DataFiles.ReadText("ec2-instance-catalog.csv")));
    private readonly Dictionary<string, InstanceSpec> _byType;

    private InstanceCatalog(IReadOnlyList<InstanceSpec> specs, IReadOnlyList<string> pricedRegions)
    {
        Specs = specs;
        PricedRegions = pricedRegions;
        _byType = specs.ToDictionary(s => s.InstanceType, StringComparer.OrdinalIgnoreCase);
    }

    public static InstanceCatalog Default => Embedded.Value;

    public IReadOnlyList<InstanceSpec> Specs { get; }
    /// <summary>Regions the catalog has On-Demand price columns for.</summary>
    public IReadOnlyList<string> PricedRegions { get; }

    public InstanceSpec? Find(string instanceType) => _byType.GetValueOrDefault(instanceType.Trim());

    internal static InstanceCatalog Parse(string csv)
    {
        var specs = new List<InstanceSpec>();
        List<string>? regions = null;
        foreach (var row in Csv.Read(csv))
        {
            regions ??= row.Keys.Where(k => k.StartsWith(PricePrefix, StringComparison.Ordinal))
                .Select(k => k[PricePrefix.Length..].Replace('_', '-')).ToList();
            var prices = new Dictionary<string, double>(StringComparer.Ordinal);
            foreach (var region in regions)
            {
                var raw = row[PricePrefix + region.Replace('-', '_')];
                if (raw.Length > 0) prices[region] = double.Parse(raw, CultureInfo.InvariantCulture);
            }
            specs.Add(new InstanceSpec(
                row["instance_type"], row["family"], row["architecture"],
                int.Parse(row["vcpus"], CultureInfo.InvariantCulture),
                int.Parse(row["physical_cores"], CultureInfo.InvariantCulture),
                int.Parse(row["threads_per_core"], CultureInfo.InvariantCulture),
                double.Parse(row["memory_gib"], CultureInfo.InvariantCulture),
                OptionalDouble(row["network_gbps"]),
                bool.Parse(row["efa_supported"]),
                row["processor"],
                OptionalDouble(row["sustained_clock_ghz"]),
                prices,
                DateOnly.Parse(row["price_as_of"], CultureInfo.InvariantCulture),
                row["spec_source"], row["price_source"]));
        }
        return new InstanceCatalog(specs, regions ?? []);
    }

    private static double? OptionalDouble(string raw) =>
        raw.Length == 0 ? null : double.Parse(raw, CultureInfo.InvariantCulture);
}
