namespace GeosChem.PowerShell.Models;

/// <summary>
/// A local GEOS-Chem run directory as createRunDir.sh made it (and the user edited it). Model, Simulation, Option,
/// Resolution and SimulationDays bind by name into Get-GcCostEstimate and Get-GcInstanceRecommendation; Path binds
/// into Test-GcRunDirectory and Get-GcInputData.
/// </summary>
public sealed class GcRunDirectory
{
    public string Path { get; set; } = "";
    /// <summary>GCClassic or GCHP.</summary>
    public string Model { get; set; } = "";
    /// <summary>As GEOS-Chem names it (geoschem_config.yml simulation.name): fullchem, carbon, Hg, TransportTracers, ...</summary>
    public string Simulation { get; set; } = "";
    /// <summary>The createRunDir.sh option (benchmark, complexSOA, TOMAS15, ...); "standard" for a plain fullchem run; null where none applies.</summary>
    public string? Option { get; set; }
    /// <summary>4x5, 2x2.5, 0.5x0.625, ... (GCClassic) or C24, C48, ... (GCHP, from CS_RES).</summary>
    public string Resolution { get; set; } = "";
    /// <summary>global, or the nested domain (as, eu, na, ... from the longitude range).</summary>
    public string Domain { get; set; } = "global";
    public string MetField { get; set; } = "";
    public int Levels { get; set; }
    public DateTime SimulationStart { get; set; }
    public DateTime SimulationEnd { get; set; }
    public double SimulationDays { get; set; }
    /// <summary>How often restarts are written, as GEOS-Chem writes it: "00000100 000000" (GCClassic HISTORY.rc), "240000" or "monthly" (GCHP Checkpoint_Freq), "End" when only at the end.</summary>
    public string RestartFrequency { get; set; } = "";
    /// <summary>The absolute data root the run directory was made for (root_data_dir; for GCHP, where ChemDir points).</summary>
    public string DataRoot { get; set; } = "";
    /// <summary>The executable this simulation needs: gcclassic, gcclassic-carbon, gcclassic-hg, gchp, gchp-carbon.</summary>
    public string Executable { get; set; } = "";
    public int? TotalCores { get; set; }
    public int? NodeCount { get; set; }
    public int? CoresPerNode { get; set; }
    /// <summary>Every place that writes the data root as an absolute path ("file: key"), which the entrypoint rewrites.</summary>
    public string[] DataRootReferences { get; set; } = [];
    /// <summary>Symbolic links in the run directory, as "name -> target"; they are never followed on upload.</summary>
    public string[] Links { get; set; } = [];
}
