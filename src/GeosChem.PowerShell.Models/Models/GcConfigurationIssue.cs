namespace GeosChem.PowerShell.Models;

/// <summary>One problem with a configuration setting (or the platform), and what to do about it.</summary>
public sealed class GcConfigurationIssue
{
    /// <summary>The setting, as a dotted path (compute.maxVCpus) or, for platform checks, the resource.</summary>
    public string Setting { get; set; } = "";
    /// <summary>Error (stops a deployment), Warning, or Info.</summary>
    public string Severity { get; set; } = IssueSeverity.Error;
    public string Problem { get; set; } = "";
    public string Fix { get; set; } = "";
    public string? Value { get; set; }
}
