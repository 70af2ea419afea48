using System.Globalization;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// The tags Start-GcBenchmark puts on each job (and Batch propagates to its ECS task): which benchmark and plan it is,
/// and what it runs, so the report can be made from the jobs alone.
/// </summary>
internal static class BenchmarkTags
{
    public const string Id = "geoschem:benchmark-id";
    public const string Plan = "geoschem:benchmark-plan";
    public const string Model = "geoschem:model";
    public const string Simulation = "geoschem:simulation";
    public const string Resolution = "geoschem:resolution";
    public const string InstanceType = "geoschem:instance-type";
    public const string CoresPerNode = "geoschem:cores-per-node";
    public const string NodeCount = "geoschem:node-count";

    public static int? Number(IReadOnlyDictionary<string, string> tags, string key) =>
        tags.TryGetValue(key, out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : null;

    public static string? Text(IReadOnlyDictionary<string, string> tags, string key) =>
        tags.TryGetValue(key, out var text) && !string.IsNullOrWhiteSpace(text) ? text : null;
}
