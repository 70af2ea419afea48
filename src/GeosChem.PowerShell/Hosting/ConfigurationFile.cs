using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// The configuration file a cmdlet's -ConfigurationPath names (default: GC_CONFIG_FILE, else config.json in the
/// per-user folder): where it is, reading it, and writing it only when it passes the offline checks.
/// </summary>
internal sealed class ConfigurationFile(GcCmdlet cmdlet, string? configurationPath)
{
    public string Path => ConfigurationStore.PathFor(
        configurationPath is null ? null : cmdlet.GetUnresolvedProviderPathFromPSPath(configurationPath), ProcessEnvironment.Instance);

    /// <summary>The configuration; stops the command when there is none or it cannot be read.</summary>
    public GcConfiguration LoadRequired()
    {
        try
        {
            return ConfigurationStore.LoadRequired(Path);
        }
        catch (GcException ex)
        {
            cmdlet.ThrowGcError(ex);
            throw;
        }
    }

    /// <summary>The configuration, or null when there is no file; stops the command when it cannot be read.</summary>
    public GcConfiguration? LoadOptional() => File.Exists(Path) ? LoadRequired() : null;

    /// <summary>The configuration, whose region and profile become the defaults of the cmdlet's -Region and -ProfileName.</summary>
    public GcConfiguration LoadWithAwsDefaults(GcAwsCmdlet aws)
    {
        var configuration = LoadRequired();
        aws.Region ??= configuration.Region;
        aws.ProfileName ??= configuration.Profile;
        return configuration;
    }

    /// <summary>
    /// For AWS cmdlets that use the configuration where there is one: the file -ConfigurationPath names (which must
    /// exist), else the default file when present, else null. Its region is the last fallback of the cmdlet's AWS
    /// calls; the profile of a file named by -ConfigurationPath is the default of -ProfileName (the default file's is not:
    /// a user with credentials in the environment would find them overridden by a profile they never named).
    /// </summary>
    public GcConfiguration? LoadIfPresent(GcAwsCmdlet aws)
    {
        GcConfiguration? configuration;
        try
        {
            configuration = configurationPath is null ? ConfigurationStore.Load(Path) : ConfigurationStore.LoadRequired(Path);
        }
        catch (GcException ex)
        {
            cmdlet.ThrowGcError(ex);
            throw;
        }
        if (configuration is null) return null;
        aws.Aws.ConfiguredRegion = configuration.Region ?? configuration.Deployed?.Region;
        if (configurationPath is not null) aws.ProfileName ??= configuration.Profile;
        return configuration;
    }

    /// <summary>Checks offline and writes only when nothing is an error; the errors are reported, the file left as it was.</summary>
    public bool SaveIfValid(GcConfiguration configuration, string path, string action)
    {
        var issues = ConfigurationValidator.Check(configuration, ProfileLookup.Exists);
        foreach (var warning in issues.Where(i => i.Severity == IssueSeverity.Warning)) cmdlet.WriteWarning($"{warning.Setting}: {warning.Problem} {warning.Fix}");
        var errors = issues.Where(i => i.Severity == IssueSeverity.Error).ToList();
        if (errors.Count > 0)
        {
            foreach (var e in errors) cmdlet.WriteError(ErrorRecords.From(GcErrors.ConfigurationInvalid(e.Setting, e.Problem, e.Fix, e.Value), target: e.Setting));
            cmdlet.WriteVerbose($"Nothing was written to {path}.");
            return false;
        }
        if (!cmdlet.ShouldProcess(path, action)) return false;
        ConfigurationStore.Save(configuration, path);
        return true;
    }

    /// <summary>Stops with the offline errors of a configuration, if it has any.</summary>
    public void RequireValid(GcConfiguration configuration)
    {
        var errors = ConfigurationValidator.Check(configuration, ProfileLookup.Exists).Where(i => i.Severity == IssueSeverity.Error).ToList();
        if (errors.Count == 0) return;
        foreach (var e in errors.Skip(1)) cmdlet.WriteError(ErrorRecords.From(GcErrors.ConfigurationInvalid(e.Setting, e.Problem, e.Fix, e.Value), target: e.Setting));
        cmdlet.ThrowGcError(GcErrors.ConfigurationInvalid(errors[0].Setting, errors[0].Problem, errors[0].Fix, errors[0].Value));
    }
}
