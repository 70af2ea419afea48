namespace GeosChem.PowerShell.Models;

/// <summary>
/// A registered GEOS-Chem job definition. JobDefinition ("name:revision") binds by name to Submit-GcBatchJob.
/// </summary>
public sealed class GcJobDefinition
{
    public string JobDefinitionName { get; set; } = "";
    public int Revision { get; set; }
    /// <summary>name:revision, the form Submit-GcBatchJob and AWS Tools take.</summary>
    public string JobDefinition { get; set; } = "";
    public string JobDefinitionArn { get; set; } = "";
    /// <summary>False when an identical active revision already existed and was reused.</summary>
    public bool Registered { get; set; }
    public string Type { get; set; } = "container";
    public string Model { get; set; } = "";
    public string Image { get; set; } = "";
    public int VCpus { get; set; }
    public double MemoryGiB { get; set; }
    public int NodeCount { get; set; } = 1;
    public string? InstanceType { get; set; }
    public bool Efa { get; set; }
    public bool Spot { get; set; }
    public int RetryAttempts { get; set; }
    public int? TimeoutSeconds { get; set; }
    public string LogGroupName { get; set; } = "";
    /// <summary>The recommendation's estimated cost of the run it was made for (USD), passed on to Submit-GcBatchJob's budget check; null when registered without one.</summary>
    public double? EstimatedCost { get; set; }
    public string Region { get; set; } = "";
}
