using System.Management.Automation;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Reads the configuration file (Path says which).</summary>
[Cmdlet(VerbsCommon.Get, "GcConfiguration")]
[OutputType(typeof(GcConfiguration))]
public sealed class GetGcConfigurationCommand : GcConfigurationCmdlet
{
    protected override void ProcessRecord() => WriteObject(LoadRequired());
}
