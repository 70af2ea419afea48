namespace GeosChem.PowerShell.Models;

/// <summary>
/// A benchmark sweep that Start-GcBenchmark submitted: one short run per plan. JobId and Region bind by name to
/// Wait-GcBatchJob, Get-GcBatchJob and Stop-GcBatchJob; the object itself pipes into Get-GcBenchmarkReport.
/// </summary>
public sealed class GcBenchmark
{
    public string Id { get; set; } = "";
    public string RunDirectory { get; set; } = "";
    public string Model { get; set; } = "";
    public string Simulation { get; set; } = "";
    public string Resolution { get; set; } = "";
    public double SimulationDays { get; set; }
    public DateTime SimulationStart { get; set; }
    public GcBenchmarkPlan[] Plans { get; set; } = [];
    /// <summary>The submitted jobs, one per plan (plans not submitted, e.g. under -WhatIf, have none).</summary>
    public string[] JobId { get; set; } = [];
    /// <summary>Our model's On-Demand cost of the whole sweep, before it ran.</summary>
    public double? EstimatedCost { get; set; }
    public string Region { get; set; } = "";
}

/// <summary>One plan of a benchmark: where it runs, with how many cores, and our estimate for it.</summary>
public sealed class GcBenchmarkPlan
{
    public string Plan { get; set; } = "";
    public string InstanceType { get; set; } = "";
    public string Architecture { get; set; } = "";
    public int NodeCount { get; set; } = 1;
    public int CoresPerNode { get; set; }
    public string Image { get; set; } = "";
    public string JobQueue { get; set; } = "";
    public string? JobDefinition { get; set; }
    public string? JobId { get; set; }
    public double EstimatedSeconds { get; set; }
    public double? EstimatedCost { get; set; }
}

/// <summary>
/// One measured plan of a benchmark beside the smallest plan and our estimate (Get-GcBenchmarkReport). Model,
/// Simulation, Resolution, InstanceType, Architecture, NodeCount, CoresPerNode, WallSeconds, SimulatedDays,
/// EstimatedSeconds and JobId bind by name to the calibration cmdlets.
/// </summary>
public sealed class GcBenchmarkResult
{
    public string? BenchmarkId { get; set; }
    public string Plan { get; set; } = "";
    public string Model { get; set; } = "";
    public string Simulation { get; set; } = "";
    public string Resolution { get; set; } = "";
    public string InstanceType { get; set; } = "";
    public string Architecture { get; set; } = "";
    public int NodeCount { get; set; }
    public int CoresPerNode { get; set; }
    public int TotalCores { get; set; }
    /// <summary>GEOS-Chem's own total timer.</summary>
    public double WallSeconds { get; set; }
    public double SimulatedDays { get; set; }
    public double SimulatedDaysPerDay { get; set; }
    public double OnDemandUsdPerSimulatedDay { get; set; }
    public double OnDemandUsdPerSimulatedYear { get; set; }
    /// <summary>Only with live Spot prices (-Live).</summary>
    public double? SpotUsdPerSimulatedDay { get; set; }
    public double? SpotUsdPerSimulatedYear { get; set; }
    /// <summary>Simulated days per wall second against the plan with the fewest cores.</summary>
    public double SpeedUp { get; set; }
    /// <summary>Speed-up over the ratio of cores to the plan with the fewest cores.</summary>
    public double ParallelEfficiency { get; set; }
    /// <summary>What our runtime model estimated for this plan and period (null where it refuses the plan).</summary>
    public double? EstimatedSeconds { get; set; }
    /// <summary>(estimate - measured) / measured.</summary>
    public double? EstimateError { get; set; }
    /// <summary>GEOS-Chem's top-level timers (GCHP: the GEOS-Chem component's Run phases), in seconds.</summary>
    public IReadOnlyDictionary<string, double> Components { get; set; } = new Dictionary<string, double>();
    public string? JobId { get; set; }
    public string? Region { get; set; }
}
