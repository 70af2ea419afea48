using Amazon;

namespace GeosChem.PowerShell.Aws;

/// <summary>The regions the SDK knows, captured once: RegionEndpoint.GetBySystemName adds any name it is asked about.</summary>
internal static class RegionCatalog
{
    private static readonly Lazy<IReadOnlyDictionary<string, string>> Known = new(() =>
        RegionEndpoint.EnumerableAllRegions
            .Where(r => !r.SystemName.EndsWith("-regional", StringComparison.Ordinal) && r.DisplayName != "Unknown")
            .ToDictionary(r => r.SystemName, r => r.DisplayName, StringComparer.Ordinal));

    public static IReadOnlyDictionary<string, string> Regions => Known.Value;

    public static bool IsKnown(string name) => Known.Value.ContainsKey(name);

    /// <summary>The closest known region name, for "did you mean" messages.</summary>
    public static string? Closest(string name)
    {
        var lower = name.Trim().ToLowerInvariant();
        string? best = null;
        var bestDistance = int.MaxValue;
        foreach (var candidate in Known.Value.Keys)
        {
            var d = Text.EditDistance(lower, candidate);
            if (d < bestDistance)
            {
                bestDistance = d;
                best = candidate;
            }
        }
        return bestDistance <= Math.Max(3, lower.Length / 3) ? best : null;
    }
}
