using System.Management.Automation;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Checks every setting offline and, with -Online, against AWS; writes one issue per problem (nothing when all is well).</summary>
[Cmdlet(VerbsDiagnostic.Test, "GcConfiguration")]
[OutputType(typeof(GcConfigurationIssue), typeof(bool))]
public sealed class TestGcConfigurationCommand : GcAwsCmdlet
{
    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    [Parameter]
    public SwitchParameter Online { get; set; }

    /// <summary>Returns only True (no errors) or False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var configuration = new ConfigurationFile(this, ConfigurationPath).LoadWithAwsDefaults(this);
        var issues = ConfigurationValidator.Check(configuration, ProfileLookup.Exists);
        if (Online && issues.Any(i => i.Setting is "region" or "profile" && i.Severity == IssueSeverity.Error))
        {
            WriteWarning("The online checks were skipped: fix the region and profile first.");
        }
        else if (Online)
        {
            try
            {
                issues.AddRange(Run(ct => new PlatformChecks(this).For(Context).CheckAsync(configuration, ct)));
            }
            catch (GcException ex)
            {
                ThrowGcError(ex, awsFailureId: ErrorIds.ConfigurationOnlineCheckFailed);
            }
        }
        if (Quiet)
        {
            WriteObject(issues.All(i => i.Severity != IssueSeverity.Error));
            return;
        }
        foreach (var issue in issues) WriteObject(issue);
    }
}
