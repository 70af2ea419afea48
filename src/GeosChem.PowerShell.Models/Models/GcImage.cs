namespace GeosChem.PowerShell.Models;

/// <summary>A GEOS-Chem image in ECR. ImageUri is what Register-GcJobDefinition -Image takes.</summary>
public sealed class GcImage
{
    public string Repository { get; set; } = "";
    public string? Tag { get; set; }
    public string[] Tags { get; set; } = [];
    public string ImageUri { get; set; } = "";
    public string Digest { get; set; } = "";
    public double SizeMiB { get; set; }
    public DateTime? PushedAt { get; set; }
    public string? ScanStatus { get; set; }
    /// <summary>The matrix variant the tag names, if it names one.</summary>
    public string? Variant { get; set; }
    public string Region { get; set; } = "";
}
