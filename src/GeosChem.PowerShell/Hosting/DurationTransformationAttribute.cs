using System.Globalization;
using System.Management.Automation;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// On a TimeSpan parameter: reads strings with <see cref="Duration"/> instead of TimeSpan.Parse, so "-Timeout 24:00:00"
/// is 24 hours, not 24 days. TimeSpan values pass through unchanged.
/// </summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field)]
internal sealed class DurationTransformationAttribute : ArgumentTransformationAttribute
{
    public override object? Transform(EngineIntrinsics engineIntrinsics, object? inputData)
    {
        var value = inputData is PSObject pso ? pso.BaseObject : inputData;
        switch (value)
        {
            case null or TimeSpan:
                return value;
            case string text:
                if (Duration.TryParse(text, out var parsed, out var problem)) return parsed;
                throw new ArgumentTransformationMetadataException($"Cannot read the duration: {problem}. Write it as {Duration.Forms}.");
            case int or long or double or float or decimal:
                throw new ArgumentTransformationMetadataException(
                    $"Cannot read the duration {Convert.ToString(value, CultureInfo.InvariantCulture)}: a number has no unit. Write it as {Duration.Forms}.");
            default:
                return value;
        }
    }
}
