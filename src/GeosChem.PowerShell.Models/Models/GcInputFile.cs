namespace GeosChem.PowerShell.Models;

/// <summary>One input file a run reads, where it lives under the data root and in GEOS-Chem's public bucket.</summary>
public sealed class GcInputFile
{
    /// <summary>The path under the data root (ExtData), with forward slashes: HEMCO/CEDS/v2024-06/2019/....nc.</summary>
    public string RelativePath { get; set; } = "";
    public string S3Uri { get; set; } = "";
    /// <summary>False for files the run reads only if present (HEMCO's OPTIONAL FILE NOT FOUND).</summary>
    public bool Required { get; set; } = true;
    /// <summary>Input, or InitialRestart (a file from GEOSCHEM_RESTARTS placed in the run's Restarts/ folder).</summary>
    public string Kind { get; set; } = "Input";
    /// <summary>Where the run looks for it, as the run directory names it (an absolute path under the data root, or ./Restarts/...).</summary>
    public string RunPath { get; set; } = "";
    /// <summary>The object's size in the public bucket (with -Online); null when not looked up or not there.</summary>
    public long? SizeBytes { get; set; }
    /// <summary>GCHP: the first and last model time at which the run reads it (a dated file); null: read throughout.</summary>
    public DateTime? ReadFrom { get; set; }
    public DateTime? ReadUntil { get; set; }
}
