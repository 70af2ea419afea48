using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// The user's calibration file a cmdlet works on (beside the configuration that -ConfigurationPath names, or
/// GC_CALIBRATION_FILE), and the planner that has learned from it.
/// </summary>
internal sealed class CalibrationFile(GcCmdlet cmdlet, string? configurationPath = null)
{
    public string Path => CalibrationLocation.PathFor(
        configurationPath is null ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(configurationPath), ProcessEnvironment.Instance);

    /// <summary>The stored runs (none when there is no file yet); stops the command when the file cannot be read.</summary>
    public IReadOnlyList<UserRun> Load() => Reading(() => CalibrationStore.Load(Path));

    public void Save(IReadOnlyList<UserRun> runs)
    {
        try
        {
            CalibrationStore.Save(Path, runs);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cmdlet.ThrowGcError(new GcException(ErrorIds.CalibrationFileUnwritable, GcErrorKind.PermissionDenied, $"Cannot write the calibration file {Path}: {ex.Message}",
                "Check that the folder exists and that you may write to it, or point -ConfigurationPath / GC_CALIBRATION_FILE elsewhere.", Path, ex));
            throw;
        }
    }

    /// <summary>The estimator and recommender fitted on the shipped evidence plus the runs in the file.</summary>
    public CalibratedPlanner Planner() => Reading(() => UserCalibration.For(Path));

    /// <summary>Runs a read of the calibration file; a failure stops the command with its error.</summary>
    private T Reading<T>(Func<T> read)
    {
        try
        {
            return read();
        }
        catch (GcException ex)
        {
            cmdlet.ThrowGcError(ex);
            throw;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cmdlet.ThrowGcError(Unreadable(ex));
            throw;
        }
    }

    private GcException Unreadable(Exception ex) => new(ErrorIds.CalibrationFileUnreadable, GcErrorKind.ResourceUnavailable, $"Cannot read the calibration file {Path}: {ex.Message}",
        "Check that you may read it, or move it away (estimates then use the shipped evidence only).", Path, ex);
}
