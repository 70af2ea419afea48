using System.Management.Automation;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Reads the configuration file (Path says which).</summary>
[Cmdlet(VerbsCommon.Get, "GcConfiguration")]
[OutputType(typeof(GcConfiguration))]
public sealed class GetGcConfigurationCommand : GcCmdlet
{
    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    protected override void ProcessRecord() => WriteObject(new ConfigurationFile(this, ConfigurationPath).LoadRequired());
}
