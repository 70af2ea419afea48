namespace GeosChem.PowerShell.Models;

/// <summary>One problem with a run directory (or with running it as a given job), and what to do about it.</summary>
public sealed class GcRunDirectoryIssue
{
    public string Path { get; set; } = "";
    /// <summary>The setting, as GEOS-Chem names it (TOTAL_CORES, Restart.frequency, root_data_dir, ...) or the file.</summary>
    public string Setting { get; set; } = "";
    /// <summary>Error (the run would fail or lose work), Warning, or Info.</summary>
    public string Severity { get; set; } = "Error";
    public string Problem { get; set; } = "";
    public string Fix { get; set; } = "";
    public string? Value { get; set; }
}
