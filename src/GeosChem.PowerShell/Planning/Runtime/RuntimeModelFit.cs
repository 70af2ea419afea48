namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>A calibration run's prediction when it was left out of the fit.</summary>
internal sealed record LeaveOneOutResult(CalibrationRun Run, double PredictedSeconds)
{
    public double ErrorFraction => PredictedSeconds / Run.WallSeconds - 1;
    public double LogError => Math.Log(PredictedSeconds / Run.WallSeconds);
}

/// <summary>Fits the runtime model to the calibration runs (least squares on log wall time) and measures it honestly.</summary>
internal static class RuntimeModelFit
{
    private static readonly double[] Start = [8.7, 7.7, 0.7, 0.9, 0.15, 0.1, Math.Log(100), Math.Log(100), 0.1, Math.Log(0.05), Math.Log(2), Math.Log(0.3)];
    private static readonly double[] Steps = [0.5, 0.5, 0.1, 0.1, 0.1, 0.1, 0.5, 0.5, 0.1, 0.5, 0.3, 0.5];

    private static readonly Lazy<RuntimeModel> Shipped = new(() => Fit(UsableRuns(CalibrationRun.LoadEmbedded(), InstanceCatalog.Default, GeosChemDomain.Default), InstanceCatalog.Default, ProcessorSpeeds.Default));

    /// <summary>The model fitted to the shipped calibration data, once per process.</summary>
    public static RuntimeModel Default => Shipped.Value;

    public static IReadOnlyList<CalibrationRun> UsableRuns(IEnumerable<CalibrationRun> runs, InstanceCatalog catalog, GeosChemDomain domain) =>
        runs.Where(r => r.UseForFit && catalog.Find(r.InstanceType) is not null && domain.Models.ContainsKey(r.Model)).ToList();

    /// <summary>Runs reported beside the fit but not fitted (arm64, whose published results conflict).</summary>
    public static IReadOnlyList<CalibrationRun> CheckRuns(IEnumerable<CalibrationRun> runs, InstanceCatalog catalog) =>
        runs.Where(r => r.Use == "check" && catalog.Find(r.InstanceType) is not null).ToList();

    public static RunPlan PlanOf(CalibrationRun run, InstanceCatalog catalog, GeosChemDomain domain)
    {
        var grid = domain.Models[run.Model].Resolutions.First(g => g.Name == run.Resolution);
        return new RunPlan(run.Model, run.Simulation, grid.Columns, run.TransportStepSeconds, run.SimDays, catalog.Find(run.InstanceType)!,
            run.Nodes, run.WorkersPerNode, Efa: run.Network != "tcp", CurrentGeneration: run.IsCurrentGeneration);
    }

    public static RuntimeModel Fit(IReadOnlyList<CalibrationRun> runs, InstanceCatalog catalog, ProcessorSpeeds speeds, double[]? warmStart = null)
    {
        var plans = runs.Select(r => (Plan: PlanOf(r, catalog, GeosChemDomain.Default), r.WallSeconds)).ToList();
        double Loss(double[] p)
        {
            var model = new RuntimeModel(p, speeds);
            var sum = 0.0;
            foreach (var (plan, wall) in plans)
            {
                var predicted = model.WallSeconds(plan);
                var e = Math.Log(predicted / wall);
                sum += double.IsFinite(e) ? e * e : 1e6;
            }
            // Keep the fit inside physically plausible ranges: with a few dozen runs, a free parameter would otherwise
            // absorb whatever the other terms miss (scaling exponents 0.2-1.0; Classic gains 10-25% from hyper-threads, as its
            // own runs show: 8402/7282 and 6690/5656 s; GCHP loses 0-40%).
            sum += OutsidePenalty(p[2], 0.2, 1.0) + OutsidePenalty(p[3], 0.2, 1.0);
            sum += OutsidePenalty(p[4], 0.10, 0.25) + OutsidePenalty(p[5], 0, 0.4) + OutsidePenalty(p[8], 0, 2) + OutsidePenalty(p[11], Math.Log(0.01), 0);
            return sum;
        }
        if (warmStart is not null)
        {
            return new RuntimeModel(NelderMead.Minimize(Loss, warmStart, Steps.Select(s => s / 4).ToArray()), speeds);
        }
        var best = NelderMead.Minimize(Loss, Start, Steps);
        best = NelderMead.Minimize(Loss, best, Steps.Select(s => s / 4).ToArray()); // restart: Nelder-Mead can stall
        return new RuntimeModel(best, speeds);
    }

    private static double OutsidePenalty(double value, double low, double high) =>
        100 * (Math.Pow(Math.Max(0, low - value), 2) + Math.Pow(Math.Max(0, value - high), 2));

    /// <summary>Each usable run predicted by a model fitted without it.</summary>
    /// <summary>Each refit starts from the full fit, which is where an honest refit ends up anyway, only sooner.</summary>
    public static IReadOnlyList<LeaveOneOutResult> LeaveOneOut(IReadOnlyList<CalibrationRun> runs, InstanceCatalog catalog, ProcessorSpeeds speeds,
        RuntimeModel? fullFit = null)
    {
        var full = fullFit ?? Fit(runs, catalog, speeds);
        return runs.Select(left =>
        {
            var model = Fit(runs.Where(r => r != left).ToList(), catalog, speeds, [.. full.Parameters]);
            return new LeaveOneOutResult(left, model.WallSeconds(PlanOf(left, catalog, GeosChemDomain.Default)));
        }).ToList();
    }
}
