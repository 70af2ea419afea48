using GeosChem.PowerShell.Timing;

namespace GeosChem.PowerShell.Benchmarks;

/// <summary>One measured plan of a benchmark: what ran where, what GEOS-Chem's timers said, what it cost per hour, what we estimated.</summary>
internal sealed record BenchmarkRun(
    string Label,
    string Model,
    string InstanceType,
    string Architecture,
    int CoresPerNode,
    int NodeCount,
    double OnDemandHourlyUsd,
    double? SpotHourlyUsd,
    double WallSeconds,
    double SimulatedDays,
    IReadOnlyList<TimerReading> Timers,
    double? EstimatedSeconds)
{
    public int TotalCores => CoresPerNode * NodeCount;
}

/// <summary>A benchmark plan's figures, side by side with the smallest plan and with our estimate.</summary>
internal sealed record BenchmarkRow(
    BenchmarkRun Run,
    double SimulatedDaysPerDay,
    double OnDemandUsdPerSimulatedDay,
    double? SpotUsdPerSimulatedDay,
    double SpeedUp,
    double ParallelEfficiency,
    double? EstimateError,
    IReadOnlyList<(string Name, double Seconds)> Components)
{
    public double OnDemandUsdPerSimulatedYear => OnDemandUsdPerSimulatedDay * 365.25;
    public double? SpotUsdPerSimulatedYear => SpotUsdPerSimulatedDay * 365.25;
}
