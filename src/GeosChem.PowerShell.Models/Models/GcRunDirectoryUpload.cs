namespace GeosChem.PowerShell.Models;

/// <summary>A run directory uploaded to S3. RunDirectory, SimulationStart and SimulationEnd bind by name to Submit-GcBatchJob.</summary>
public sealed class GcRunDirectoryUpload
{
    public string Path { get; set; } = "";
    /// <summary>Where it went, s3://bucket/prefix/: the value of Submit-GcBatchJob -RunDirectory.</summary>
    public string RunDirectory { get; set; } = "";
    public string Model { get; set; } = "";
    public string Simulation { get; set; } = "";
    public DateTime SimulationStart { get; set; }
    public DateTime SimulationEnd { get; set; }
    public int FileCount { get; set; }
    public long Bytes { get; set; }
    /// <summary>The links left out (listed in .gc-links for the entrypoint), as "name -> target".</summary>
    public string[] LinksNotFollowed { get; set; } = [];
    /// <summary>How many input files .gc-inputs lists for the entrypoint to stage (GCHP); 0 when none was written.</summary>
    public int InputFiles { get; set; }
}
