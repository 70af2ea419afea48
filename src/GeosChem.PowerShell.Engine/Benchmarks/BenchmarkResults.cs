using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Benchmarks;

/// <summary>An analysed plan as the report's output object.</summary>
internal static class BenchmarkResults
{
    public static GcBenchmarkResult From(BenchmarkRow row, GcRunTiming timing, string region) => new()
    {
        BenchmarkId = timing.BenchmarkId,
        Plan = row.Run.Label,
        Model = row.Run.Model,
        Simulation = timing.Simulation ?? "",
        Resolution = timing.Resolution ?? "",
        InstanceType = row.Run.InstanceType,
        Architecture = row.Run.Architecture,
        NodeCount = row.Run.NodeCount,
        CoresPerNode = row.Run.CoresPerNode,
        TotalCores = row.Run.TotalCores,
        WallSeconds = row.Run.WallSeconds,
        SimulatedDays = row.Run.SimulatedDays,
        SimulatedDaysPerDay = Math.Round(row.SimulatedDaysPerDay, 2),
        OnDemandUsdPerSimulatedDay = Math.Round(row.OnDemandUsdPerSimulatedDay, 4),
        OnDemandUsdPerSimulatedYear = Math.Round(row.OnDemandUsdPerSimulatedYear, 2),
        SpotUsdPerSimulatedDay = row.SpotUsdPerSimulatedDay is { } s ? Math.Round(s, 4) : null,
        SpotUsdPerSimulatedYear = row.SpotUsdPerSimulatedYear is { } y ? Math.Round(y, 2) : null,
        SpeedUp = Math.Round(row.SpeedUp, 3),
        ParallelEfficiency = Math.Round(row.ParallelEfficiency, 3),
        EstimatedSeconds = row.Run.EstimatedSeconds is { } e ? Math.Round(e, 1) : null,
        EstimateError = row.EstimateError is { } err ? Math.Round(err, 3) : null,
        Components = row.Components.GroupBy(c => c.Name).ToDictionary(g => g.Key, g => g.First().Seconds),
        JobId = timing.JobId,
        Region = timing.Region ?? region,
    };
}
