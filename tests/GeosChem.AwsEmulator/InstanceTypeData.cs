using System.Globalization;

namespace GeosChem.AwsEmulator;

public sealed record InstanceTypeRow(string InstanceType, string Architecture, int VCpus, int Cores, int ThreadsPerCore, double MemoryGiB, bool Efa,
    IReadOnlyDictionary<string, double> OnDemandPrices);

/// <summary>The instance types EC2 in the emulator knows: the module's own catalog, so both agree.</summary>
public static class InstanceTypeData
{
    private static readonly Lazy<IReadOnlyDictionary<string, InstanceTypeRow>> Rows = new(Load);

    public static IReadOnlyDictionary<string, InstanceTypeRow> All => Rows.Value;

    private static IReadOnlyDictionary<string, InstanceTypeRow> Load()
    {
        using var stream = typeof(InstanceTypeData).Assembly.GetManifestResourceStream("ec2-instance-catalog.csv")!;
        using var reader = new StreamReader(stream);
        var header = reader.ReadLine()!.Split(',');
        int Col(string name) => Array.IndexOf(header, name);
        var result = new Dictionary<string, InstanceTypeRow>(StringComparer.Ordinal);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = line.Split(',');
            var row = new InstanceTypeRow(f[Col("instance_type")], f[Col("architecture")],
                int.Parse(f[Col("vcpus")], CultureInfo.InvariantCulture), int.Parse(f[Col("physical_cores")], CultureInfo.InvariantCulture),
                int.Parse(f[Col("threads_per_core")], CultureInfo.InvariantCulture), double.Parse(f[Col("memory_gib")], CultureInfo.InvariantCulture),
                bool.Parse(f[Col("efa_supported")]),
                header.Select((h, i) => (h, i)).Where(x => x.h.StartsWith("ondemand_usd_per_hour_", StringComparison.Ordinal) && f[x.i].Length > 0)
                    .ToDictionary(x => x.h["ondemand_usd_per_hour_".Length..].Replace('_', '-'), x => double.Parse(f[x.i], CultureInfo.InvariantCulture)));
            result[row.InstanceType] = row;
        }
        return result;
    }
}
