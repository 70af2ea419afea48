using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Configuration;

/// <summary>
/// Where the user's calibration file is: GC_CALIBRATION_FILE when set, else calibration-runs.csv in the folder of the
/// configuration file (-ConfigurationPath, GC_CONFIG_FILE, GC_CONFIG_DIR or the per-user folder; see <see cref="ConfigurationStore"/>).
/// </summary>
internal static class CalibrationLocation
{
    public const string Variable = "GC_CALIBRATION_FILE";

    public static string PathFor(string? configurationPath, IEnvironment environment)
    {
        if (configurationPath is null && environment.Get(Variable) is { Length: > 0 } file) return Path.GetFullPath(file);
        var configuration = ConfigurationStore.PathFor(configurationPath, environment);
        return Path.Combine(Path.GetDirectoryName(configuration)!, CalibrationStore.FileName);
    }
}
