using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Platform;

namespace GeosChem.PowerShell.Commands;

/// <summary>What is deployed (from the configuration) and, from AWS, whether it is healthy.</summary>
[Cmdlet(VerbsCommon.Get, "GcPlatform")]
[OutputType(typeof(GcPlatform))]
public sealed class GetGcPlatformCommand : GcAwsCmdlet
{
    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    /// <summary>Only what the configuration records; no AWS call.</summary>
    [Parameter]
    public SwitchParameter Offline { get; set; }

    protected override void ProcessRecord()
    {
        var configuration = new ConfigurationFile(this, ConfigurationPath).LoadWithAwsDefaults(this);
        if (configuration.Deployed is null || Offline)
        {
            WriteObject(PlatformDescription.Of(configuration, 0));
            return;
        }
        try
        {
            var issues = Run(ct => new PlatformChecks(this).For(Context).CheckDeployedAsync(configuration.Deployed, ct));
            WriteObject(PlatformDescription.Of(configuration, issues.Count(i => i.Severity == IssueSeverity.Error)));
        }
        catch (GcException ex)
        {
            ThrowGcError(ex, awsFailureId: ErrorIds.PlatformLookupFailed);
        }
    }
}
