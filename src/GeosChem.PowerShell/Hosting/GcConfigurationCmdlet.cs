using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Hosting;

/// <summary>Base of the configuration cmdlets: -ConfigurationPath, and reading and writing the file.</summary>
public abstract class GcConfigurationCmdlet : GcCmdlet
{
    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    private protected string ResolvedPath => ConfigurationStore.PathFor(ConfigurationPath is null ? null : GetUnresolvedProviderPathFromPSPath(ConfigurationPath), ProcessEnvironment.Instance);

    private protected GcConfiguration LoadRequired()
    {
        try
        {
            return ConfigurationStore.LoadRequired(ResolvedPath);
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
            throw;
        }
    }

    /// <summary>Checks offline and writes only when nothing is an error; the errors are reported, the file left as it was.</summary>
    private protected bool SaveIfValid(GcConfiguration configuration, string path, string action)
    {
        var issues = ConfigurationValidator.Check(configuration, ProfileLookup.Exists);
        foreach (var warning in issues.Where(i => i.Severity == "Warning")) WriteWarning($"{warning.Setting}: {warning.Problem} {warning.Fix}");
        var errors = issues.Where(i => i.Severity == "Error").ToList();
        if (errors.Count > 0)
        {
            foreach (var e in errors)
            {
                WriteError(ErrorRecords.From(new GcException("GcConfigurationInvalid", GcErrorKind.InvalidArgument, $"{e.Setting}: {e.Problem}", e.Fix, e.Value), target: e.Setting));
            }
            WriteVerbose($"Nothing was written to {path}.");
            return false;
        }
        if (!ShouldProcess(path, action)) return false;
        ConfigurationStore.Save(configuration, path);
        return true;
    }
}
