namespace GeosChem.PowerShell.Models;

/// <summary>A measured GEOS-Chem run in the runtime model's evidence: one of yours (Add-GcCalibrationRun) or a shipped, published one.</summary>
public sealed class GcCalibrationRun
{
    /// <summary>Your run's number in your calibration file (Remove-GcCalibrationRun -Id); null for a shipped run.</summary>
    public int? Id { get; set; }
    public string? JobId { get; set; }
    /// <summary>"yours" or "shipped".</summary>
    public string Origin { get; set; } = "";
    /// <summary>The source the run is grouped under in cross-validation ("your runs", or the publication of a shipped run).</summary>
    public string Source { get; set; } = "";
    public string Model { get; set; } = "";
    public string Version { get; set; } = "";
    public string Simulation { get; set; } = "";
    public string Option { get; set; } = "standard";
    public string Resolution { get; set; } = "";
    /// <summary>The EC2 instance type; for a published cluster run, its processor.</summary>
    public string InstanceType { get; set; } = "";
    public string Architecture { get; set; } = "";
    public int NodeCount { get; set; }
    public int CoresPerNode { get; set; }
    /// <summary>GEOS-Chem's own total, in seconds.</summary>
    public double WallSeconds { get; set; }
    public double SimulatedDays { get; set; }
    public double SecondsPerSimulatedDay { get; set; }
    /// <summary>What the model estimated before the run was added (yours), where known.</summary>
    public double? EstimatedSeconds { get; set; }
    /// <summary>EstimatedSeconds / WallSeconds - 1.</summary>
    public double? EstimateError { get; set; }
    /// <summary>True when the run is fitted; arm64 runs are only checked.</summary>
    public bool Fitted { get; set; }
    /// <summary>Why a run is not fitted, or where it comes from.</summary>
    public string Note { get; set; } = "";
    public DateTime? RecordedUtc { get; set; }
    public string? LogPath { get; set; }
    /// <summary>Your calibration file (yours), or the module's Data/calibration-runs.csv (shipped).</summary>
    public string CalibrationPath { get; set; } = "";
}
