using System.Text.Json;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Images;

/// <summary>
/// What the deployed platform tells the image builds: the builder's subnet, security groups and instance profile, the
/// artifact bucket and the ECR repository. Read from platform.json in the per-user configuration folder
/// (GC_CONFIG_DIR, else ~/.config/geoschem-powershell, else %APPDATA%\GeosChem.PowerShell).
/// </summary>
internal sealed record PlatformConfiguration
{
    public string Source { get; init; } = "";
    public string? Region { get; init; }
    public string? BuilderSubnetId { get; init; }
    public IReadOnlyList<string>? BuilderSecurityGroupIds { get; init; }
    public string? BuilderInstanceProfile { get; init; }
    public string? ArtifactBucket { get; init; }
    public string? EcrRepository { get; init; }

    public static string Folder(IEnvironment environment)
    {
        if (environment.Get("GC_CONFIG_DIR") is { Length: > 0 } dir) return dir;
        if (OperatingSystem.IsWindows()) return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), "GeosChem.PowerShell");
        var config = environment.Get("XDG_CONFIG_HOME") is { Length: > 0 } xdg ? xdg : Path.Combine(environment.Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
        return Path.Combine(config, "geoschem-powershell");
    }

    public static PlatformConfiguration? Load(IEnvironment environment)
    {
        var file = Path.Combine(Folder(environment), "platform.json");
        if (!File.Exists(file)) return null;
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var root = doc.RootElement;
            string? Str(JsonElement e, string name) => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
            var builder = root.TryGetProperty("builder", out var b) ? b : default;
            return new PlatformConfiguration
            {
                Source = file,
                Region = Str(root, "region"),
                BuilderSubnetId = Str(builder, "subnetId"),
                BuilderSecurityGroupIds = builder.ValueKind == JsonValueKind.Object && builder.TryGetProperty("securityGroupIds", out var g) && g.ValueKind == JsonValueKind.Array
                    ? g.EnumerateArray().Select(x => x.GetString()!).ToList() : null,
                BuilderInstanceProfile = Str(builder, "instanceProfile"),
                ArtifactBucket = Str(root, "artifactBucket"),
                EcrRepository = Str(root, "ecrRepository"),
            };
        }
        catch (JsonException ex)
        {
            throw new GcException("GcPlatformConfigurationUnreadable", GcErrorKind.InvalidData,
                $"The platform configuration {file} is not valid JSON: {ex.Message}", "Fix or delete the file, then run the command again.", file, ex);
        }
    }
}
