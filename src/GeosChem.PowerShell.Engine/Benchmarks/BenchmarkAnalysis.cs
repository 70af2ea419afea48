using GeosChem.PowerShell.Timing;

namespace GeosChem.PowerShell.Benchmarks;

/// <summary>Throughput, cost per simulated day and year, speed-up and parallel efficiency against the smallest plan.</summary>
internal static class BenchmarkAnalysis
{
    public static IReadOnlyList<BenchmarkRow> Analyse(IReadOnlyList<BenchmarkRun> runs)
    {
        if (runs.Count == 0) return [];
        var baseline = runs.OrderBy(r => r.TotalCores).ThenByDescending(r => r.WallSeconds).First();
        var baselineRate = Rate(baseline);
        return runs
            .OrderBy(r => r.Architecture, StringComparer.Ordinal).ThenBy(r => r.TotalCores).ThenBy(r => r.InstanceType, StringComparer.Ordinal)
            .Select(run =>
            {
                var hours = run.WallSeconds / 3600.0;
                var speedUp = Rate(run) / baselineRate;
                return new BenchmarkRow(
                    run,
                    SimulatedDaysPerDay: run.SimulatedDays / (run.WallSeconds / 86400.0),
                    OnDemandUsdPerSimulatedDay: run.OnDemandHourlyUsd * run.NodeCount * hours / run.SimulatedDays,
                    SpotUsdPerSimulatedDay: run.SpotHourlyUsd * run.NodeCount * hours / run.SimulatedDays,
                    SpeedUp: speedUp,
                    ParallelEfficiency: speedUp / ((double)run.TotalCores / baseline.TotalCores),
                    EstimateError: run.EstimatedSeconds is { } estimated ? (estimated - run.WallSeconds) / run.WallSeconds : null,
                    Components: Components(run));
            })
            .ToList();
    }

    /// <summary>Simulated seconds per wall second: plans with different run lengths compare fairly.</summary>
    private static double Rate(BenchmarkRun run) => run.SimulatedDays / run.WallSeconds;

    /// <summary>
    /// The model components as GEOS-Chem times them: GCClassic's top-level timers but the total; for GCHP the
    /// children of the GEOS-Chem component's Run phase (GC_CHEM, GC_CONV, ...), or the component's top rows.
    /// </summary>
    internal static IReadOnlyList<(string Name, double Seconds)> Components(BenchmarkRun run)
    {
        IEnumerable<TimerReading> chosen = run.Model == "GCHP"
            ? run.Timers.Where(t => t.Name.StartsWith("GCHPchem.Run.", StringComparison.Ordinal) && t.Depth == 2) is var chem && chem.Any()
                ? chem
                : run.Timers.Where(t => t.Depth == 1 && !t.Name.StartsWith("rank0.", StringComparison.Ordinal))
            : run.Timers.Where(t => t.Depth == 0 && t.Name != "GEOS-Chem");
        return chosen.Where(t => t.Seconds is not null).Select(t => (Short(t.Name), t.Seconds!.Value)).ToList();
    }

    private static string Short(string name) => name.StartsWith("GCHPchem.Run.", StringComparison.Ordinal) ? name["GCHPchem.Run.".Length..] : name;
}
