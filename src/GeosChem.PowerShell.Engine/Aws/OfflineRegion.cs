using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws;

/// <summary>
/// The region for commands that need no AWS call (prices from the catalog): -Region, $StoredAWSRegion, AWS_REGION,
/// AWS_DEFAULT_REGION, else us-east-1. No credentials and no profile files are read.
/// </summary>
internal static class OfflineRegion
{
    public const string Fallback = "us-east-1";

    public static string Resolve(string? parameter, string? storedText, IEnvironment environment, out string source)
    {
        var (value, origin) = !string.IsNullOrWhiteSpace(parameter) ? (parameter, "-Region")
            : !string.IsNullOrWhiteSpace(storedText) ? (storedText, "$StoredAWSRegion")
            : environment.Get("AWS_REGION") is { } region ? (region, "AWS_REGION")
            : environment.Get("AWS_DEFAULT_REGION") is { } fallback ? (fallback, "AWS_DEFAULT_REGION")
            : (Fallback, "the default");
        source = origin;
        var trimmed = value.Trim();
        if (RegionCatalog.IsKnown(trimmed)) return trimmed;
        var suggestion = RegionCatalog.Closest(trimmed);
        throw GcErrors.AwsRegionUnknown(value, origin, suggestion);
    }
}
