using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>What is deployed (from the configuration) and, from AWS, whether it is healthy.</summary>
[Cmdlet(VerbsCommon.Get, "GcPlatform")]
[OutputType(typeof(GcPlatform))]
public sealed class GetGcPlatformCommand : GcPlatformCmdlet
{
    /// <summary>Only what the configuration records; no AWS call.</summary>
    [Parameter]
    public SwitchParameter Offline { get; set; }

    protected override void ProcessRecord()
    {
        var configuration = LoadConfiguration();
        if (configuration.Deployed is null || Offline)
        {
            WriteObject(Describe(configuration, 0));
            return;
        }
        try
        {
            var issues = Run(ct => ChecksFor(Context).CheckDeployedAsync(configuration.Deployed, ct));
            WriteObject(Describe(configuration, issues.Count(i => i.Severity == "Error")));
        }
        catch (GcException ex)
        {
            ThrowGcError(ex, "GcPlatformLookupFailed");
        }
    }
}
