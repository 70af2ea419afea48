using System.Management.Automation;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Lets a switch bind from CSV text: PowerShell would turn any non-empty string, "false" included, into a set switch,
/// so "true/false", "yes/no", "1/0" and empty are read for what they say; anything else is an error.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class BooleanTextAttribute : ArgumentTransformationAttribute
{
    public override object Transform(EngineIntrinsics engineIntrinsics, object inputData)
    {
        var value = inputData is PSObject ps ? ps.BaseObject : inputData;
        if (value is not string text) return inputData;
        return text.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "y" or "1" or "spot" => new SwitchParameter(true),
            "false" or "no" or "n" or "0" or "" or "ondemand" or "on-demand" => new SwitchParameter(false),
            _ => throw new ArgumentTransformationMetadataException($"'{text}' is not true or false (yes/no and 1/0 are also accepted)."),
        };
    }
}
