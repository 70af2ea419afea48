using System.Management.Automation;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Checks every setting offline and, with -Online, against AWS; writes one issue per problem (nothing when all is well).</summary>
[Cmdlet(VerbsDiagnostic.Test, "GcConfiguration")]
[OutputType(typeof(GcConfigurationIssue), typeof(bool))]
public sealed class TestGcConfigurationCommand : GcPlatformCmdlet
{
    [Parameter]
    public SwitchParameter Online { get; set; }

    /// <summary>Returns only True (no errors) or False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var configuration = LoadConfiguration();
        var issues = ConfigurationValidator.Check(configuration, ProfileLookup.Exists);
        if (Online && issues.Any(i => i.Setting is "region" or "profile" && i.Severity == "Error"))
        {
            WriteWarning("The online checks were skipped: fix the region and profile first.");
        }
        else if (Online)
        {
            try
            {
                issues.AddRange(Run(ct => ChecksFor(Context).CheckAsync(configuration, ct)));
            }
            catch (GcException ex)
            {
                ThrowGcError(ex, "GcConfigurationOnlineCheckFailed");
            }
        }
        if (Quiet)
        {
            WriteObject(issues.All(i => i.Severity != "Error"));
            return;
        }
        foreach (var issue in issues) WriteObject(issue);
    }
}
