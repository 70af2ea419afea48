namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>A calibration run's prediction by a model fitted without the run's whole source.</summary>
internal sealed record LeaveOneOutResult(CalibrationRun Run, double PredictedSeconds)
{
    public double ErrorFraction => PredictedSeconds / Run.WallSeconds - 1;
    public double LogError => Math.Log(PredictedSeconds / Run.WallSeconds);
}

/// <summary>
/// Fits the runtime model to the calibration runs: least squares on log wall time, plus log error on every component
/// the source's GEOS-Chem timers printed (input, chemistry, transport). Measures it by leaving out one source at a time.
/// </summary>
internal static class RuntimeModelFit
{
    private static readonly double[] Start =
    [
        8.6, 8.3, 4.0, 2.0, RuntimeModel.Unbounded(0.02, 0.001, 0.2), RuntimeModel.Unbounded(0.05, 0.001, 0.2), RuntimeModel.Unbounded(0.15, 0, 0.4),
        3.7, RuntimeModel.Unbounded(3, 0, 30), RuntimeModel.Unbounded(0.2, 0, 0.6), RuntimeModel.Unbounded(0.1, 0, 2), RuntimeModel.Unbounded(0.8, 0.2, 1.0), 0,
        Math.Log(0.1), Math.Log(0.3), Math.Log(0.05), Math.Log(0.1), Math.Log(0.25), RuntimeModel.Unbounded(0.4, 0.05, 1.0),
    ];
    private static readonly double[] Steps = [0.5, 0.5, 0.5, 0.5, 1, 1, 1, 0.5, 1, 1, 1, 1, 0.3, 0.5, 0.5, 0.5, 0.5, 0.5, 1];

    /// <summary>The model fitted to the shipped calibration data, read from Data/runtime-model-fit.json (no fit at run time).</summary>
    public static RuntimeModel Default => ShippedFit.Default.Model;

    /// <summary>The fit of the shipped evidence, as computed (the build writes it to Data/runtime-model-fit.json).</summary>
    public static RuntimeModel FitShipped() =>
        Fit(UsableRuns(CalibrationRun.LoadEmbedded(), InstanceCatalog.Default, GeosChemDomain.Default), InstanceCatalog.Default, ProcessorSpeeds.Default);

    public static IReadOnlyList<CalibrationRun> UsableRuns(IEnumerable<CalibrationRun> runs, InstanceCatalog catalog, GeosChemDomain domain) =>
        runs.Where(r => r.UseForFit && HardwareKnown(r, catalog) && domain.Models.ContainsKey(r.Model)).ToList();

    /// <summary>Runs reported beside the fit but not fitted (arm64, whose published results conflict).</summary>
    public static IReadOnlyList<CalibrationRun> CheckRuns(IEnumerable<CalibrationRun> runs, InstanceCatalog catalog) =>
        runs.Where(r => r.Use == "check" && HardwareKnown(r, catalog)).ToList();

    private static bool HardwareKnown(CalibrationRun r, InstanceCatalog catalog) =>
        r.InstanceType.Length > 0 ? catalog.Find(r.InstanceType) is not null : r.Processor.Length > 0 && r.PhysicalCoresPerNode > 0;

    /// <summary>The instance a run used; for a cluster node, a stand-in with its processor and cores (no price, no memory).</summary>
    public static InstanceSpec HardwareOf(CalibrationRun run, InstanceCatalog catalog)
    {
        if (run.InstanceType.Length > 0) return catalog.Find(run.InstanceType)!;
        var vcpus = Math.Max(run.WorkersPerNode, run.PhysicalCoresPerNode);
        return new InstanceSpec(run.Hardware, "cluster", "x86_64", vcpus, run.PhysicalCoresPerNode, Math.Max(1, vcpus / run.PhysicalCoresPerNode), 0, null,
            run.Network == "infiniband", run.Processor, null, new Dictionary<string, double>(), DateOnly.MinValue, "published run", "");
    }

    public static RunPlan PlanOf(CalibrationRun run, InstanceCatalog catalog, GeosChemDomain domain)
    {
        var grid = domain.Models[run.Model].Resolutions.First(g => g.Name == run.Resolution);
        var chemistryStep = run.TransportStepSeconds * grid.ChemistryStepSeconds / grid.TransportStepSeconds;
        return new RunPlan(run.Model, run.Simulation, grid.Columns, run.TransportStepSeconds, chemistryStep, run.SimDays, HardwareOf(run, catalog),
            run.Nodes, run.WorkersPerNode, Efa: run.Network != "tcp", CurrentGeneration: run.IsCurrentGeneration, Option: run.Option.Length > 0 ? run.Option : "standard");
    }

    public static RuntimeModel Fit(IReadOnlyList<CalibrationRun> runs, InstanceCatalog catalog, ProcessorSpeeds speeds, double[]? warmStart = null)
    {
        var plans = runs.Select(r => (Plan: PlanOf(r, catalog, GeosChemDomain.Default), Run: r)).ToList();
        double Loss(double[] p)
        {
            var model = new RuntimeModel(p, speeds);
            var sum = 0.0;
            foreach (var (plan, run) in plans)
            {
                var day = model.PerDay(plan);
                var w = run.Weight;
                sum += w * Squared(day.Total * plan.SimulationDays, run.WallSeconds);
                // GEOS-Chem's own timers, where published, pin the split between components.
                if (run.InputSeconds > 0) sum += w * Squared(day.InputSeconds * day.NetworkFactor * plan.SimulationDays, run.InputSeconds);
                if (run.ChemistrySeconds > 0) sum += w * Squared(day.ChemistrySeconds * day.NetworkFactor * plan.SimulationDays, run.ChemistrySeconds);
                if (run.TransportSeconds > 0) sum += w * Squared(day.TransportSeconds * day.NetworkFactor * plan.SimulationDays, run.TransportSeconds);
            }
            sum += OutsidePenalty(p[3], Math.Log(0.1), Math.Log(200)); // output: between a tenth of a second and a few minutes per day at 4x5
            return sum;
        }
        if (warmStart is not null)
        {
            return new RuntimeModel(NelderMead.Minimize(Loss, warmStart, Steps.Select(s => s / 4).ToArray(), maxIterations: 6_000), speeds);
        }
        var best = NelderMead.Minimize(Loss, Start, Steps);
        best = NelderMead.Minimize(Loss, best, Steps.Select(s => s / 4).ToArray()); // restart: Nelder-Mead can stall
        best = NelderMead.Minimize(Loss, best, Steps.Select(s => s / 10).ToArray());
        return new RuntimeModel(best, speeds);
    }

    private static double Squared(double predicted, double actual)
    {
        var e = Math.Log(predicted / actual);
        return double.IsFinite(e) ? e * e : 1e6;
    }

    private static double OutsidePenalty(double value, double low, double high) =>
        100 * (Math.Pow(Math.Max(0, low - value), 2) + Math.Pow(Math.Max(0, value - high), 2));

    /// <summary>
    /// Each usable run predicted by a model fitted without every run of its source (one source's runs share a machine,
    /// a build and an author, so leaving out one row alone would flatter the model). Each refit starts from the full fit.
    /// </summary>
    public static IReadOnlyList<LeaveOneOutResult> LeaveOneSourceOut(IReadOnlyList<CalibrationRun> runs, InstanceCatalog catalog, ProcessorSpeeds speeds,
        RuntimeModel? fullFit = null)
    {
        var full = fullFit ?? Fit(runs, catalog, speeds);
        var results = new List<LeaveOneOutResult>();
        foreach (var source in runs.GroupBy(r => r.SourceGroup))
        {
            var model = Fit(runs.Where(r => r.SourceGroup != source.Key).ToList(), catalog, speeds, [.. full.Parameters]);
            results.AddRange(source.Select(left => new LeaveOneOutResult(left, model.WallSeconds(PlanOf(left, catalog, GeosChemDomain.Default)))));
        }
        return results.OrderBy(r => r.Run.SourceRow).ToList();
    }
}
