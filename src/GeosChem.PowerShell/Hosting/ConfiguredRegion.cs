using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Hosting;

/// <summary>The module configuration's region: every AWS cmdlet's last fallback, after the AWS Tools order.</summary>
internal static class ConfiguredRegion
{
    public static Func<string?> From(IEnvironment environment) => () =>
    {
        try
        {
            var configuration = ConfigurationStore.Load(ConfigurationStore.PathFor(null, environment));
            return configuration?.Region ?? configuration?.Deployed?.Region;
        }
        catch (Exception ex) when (ex is GcException or IOException or UnauthorizedAccessException)
        {
            return null; // a broken configuration is reported by the configuration cmdlets, not by every AWS call
        }
    };
}
