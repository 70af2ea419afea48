using System.Management.Automation;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Changes one setting (by its dotted name), or saves a changed configuration object; checked before writing.</summary>
[Cmdlet(VerbsCommon.Set, "GcConfiguration", SupportsShouldProcess = true, DefaultParameterSetName = BySettingSet)]
[OutputType(typeof(GcConfiguration))]
public sealed class SetGcConfigurationCommand : GcCmdlet
{
    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    private const string BySettingSet = "BySetting";
    private const string ByObjectSet = "ByObject";

    [Parameter(Mandatory = true, Position = 0, ParameterSetName = BySettingSet)]
    [ArgumentCompleter(typeof(ConfigurationSettingCompleter))]
    public string Name { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ParameterSetName = BySettingSet)]
    [AllowNull]
    [AllowEmptyString]
    public object? Value { get; set; }

    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByObjectSet)]
    public GcConfiguration? InputObject { get; set; }

    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        var file = new ConfigurationFile(this, ConfigurationPath);
        GcConfiguration updated;
        string path;
        try
        {
            if (InputObject is { } given)
            {
                updated = given;
                path = ConfigurationPath is not null ? file.Path : given.Path is { Length: > 0 } p ? p : file.Path;
            }
            else
            {
                var current = file.LoadRequired();
                path = current.Path;
                updated = ConfigurationEditor.Set(current, Name, PlainValues.From(Value));
            }
        }
        catch (GcException ex)
        {
            WriteItemError(ex, target: Name);
            return;
        }
        if (file.SaveIfValid(updated, path, InputObject is null ? $"Set {Name} to '{Value}'" : "Save the configuration") && PassThru) WriteObject(updated);
    }
}
