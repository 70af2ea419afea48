namespace GeosChem.PowerShell.Models;

/// <summary>One GEOS-Chem image of the build matrix (dockerfiles/variants.json). Pipes into Start-GcImageBuild and Get-GcImage.</summary>
public sealed class GcImageVariant
{
    public string Model { get; set; } = "";
    public string Version { get; set; } = "";
    public string Compiler { get; set; } = "";
    public string Mpi { get; set; } = "";
    public string Architecture { get; set; } = "";
    /// <summary>&lt;model&gt;-&lt;version&gt;-&lt;compiler&gt;-&lt;mpi&gt;-&lt;arch&gt;.</summary>
    public string Tag { get; set; } = "";
    public string BuilderInstanceType { get; set; } = "";
    /// <summary>False for combinations GEOS-Chem does not support (built for testing only).</summary>
    public bool Supported { get; set; }
    /// <summary>reference, supported, experimental or unsupported.</summary>
    public string Support { get; set; } = "";
    public string March { get; set; } = "";
    public string Notes { get; set; } = "";
}
