using System.Runtime.InteropServices;
using System.Text.Json;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Planning.Prices;

/// <summary>
/// Live prices cached per user, one file per region: GC_CACHE_DIR, else the platform's cache folder
/// (%LOCALAPPDATA%\GeosChem.PowerShell on Windows, $XDG_CACHE_HOME or ~/.cache/geoschem-powershell elsewhere).
/// Written to a temporary file and renamed, so a crash never leaves a half-written cache.
/// </summary>
internal sealed class PriceCache(string directory)
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public string Directory { get; } = directory;

    public static PriceCache ForUser(IEnvironment environment)
    {
        var configured = environment.Get("GC_CACHE_DIR");
        if (configured is not null) return new PriceCache(configured);
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows) && environment.Get("LOCALAPPDATA") is { } local)
        {
            return new PriceCache(Path.Combine(local, "GeosChem.PowerShell", "cache"));
        }
        var cacheHome = environment.Get("XDG_CACHE_HOME") ?? Path.Combine(environment.Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
        return new PriceCache(Path.Combine(cacheHome, "geoschem-powershell"));
    }

    public string FileFor(string region) => Path.Combine(Directory, $"prices-{region}.json");

    public RegionPrices? Read(string region)
    {
        var file = FileFor(region);
        if (!File.Exists(file)) return null;
        try
        {
            return JsonSerializer.Deserialize<RegionPrices>(File.ReadAllText(file), Json);
        }
        catch (JsonException)
        {
            return null; // a damaged cache is only a cache: fetch again
        }
    }

    public void Write(RegionPrices prices)
    {
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            var file = FileFor(prices.Region);
            var temporary = file + $".{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, JsonSerializer.Serialize(prices, Json));
            File.Move(temporary, file, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new GcException(ErrorIds.PriceCacheUnwritable, GcErrorKind.PermissionDenied, $"The price cache '{Directory}' could not be written: {ex.Message}",
                "Set GC_CACHE_DIR to a folder you can write to.", Directory, ex);
        }
    }
}
