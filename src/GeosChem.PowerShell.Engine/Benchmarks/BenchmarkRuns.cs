using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;
using GeosChem.PowerShell.Timing;

namespace GeosChem.PowerShell.Benchmarks;

/// <summary>
/// A measured run as the analysis needs it: GEOS-Chem's timers from a job's log, the plan the job's tags describe, the
/// instance's hourly prices, and what our runtime model estimated for that same plan and period.
/// </summary>
internal static class BenchmarkRuns
{
    public static BenchmarkRun From(GcRunTiming timing, PriceBook prices, string region, DateOnly today, CostEstimator? estimator = null)
    {
        var who = timing.JobId is { } id ? $"job {id}" : timing.Path;
        string Need(string? value, string what) => value ?? throw Undescribed(who, what);
        var instanceType = Need(timing.InstanceType, "the instance type");
        var instance = InstanceCatalog.Default.Find(instanceType)
            ?? throw new GcException(ErrorIds.InstanceTypeUnknown, GcErrorKind.InvalidData, $"{who} ran on {instanceType}, which is not in the instance catalog.",
                "Run Update-GcInstanceCatalog, then make the report again.", instanceType);
        var cores = timing.CoresPerNode ?? throw Undescribed(who, "the cores per node");
        var nodes = timing.NodeCount ?? 1;
        var wall = timing.WallSeconds is > 0 and var w ? w : throw Undescribed(who, "GEOS-Chem's total timer");
        var days = timing.SimulatedDays is > 0 and var d ? d : throw Undescribed(who, "the simulated days");
        var simulation = Need(timing.Simulation, "the simulation");
        var resolution = Need(timing.Resolution, "the resolution");
        var onDemand = prices.OnDemand(instance, region)
            ?? throw new GcException(ErrorIds.BenchmarkPriceMissing, GcErrorKind.ObjectNotFound, $"No On-Demand price for {instanceType} in {region}, so {who} has no cost.",
                "Pass the -Region the jobs ran in, or use -Live for the Price List.", instanceType);
        double? estimated = null;
        try
        {
            estimated = (estimator ?? CostEstimator.Default).Prepare(new EstimateRequest(timing.Model, simulation, resolution, days, instanceType, nodes, cores, false, region), today, prices).Seconds;
        }
        catch (GcException)
        {
            // A plan the model refuses still has its measurement; it simply has no estimate beside it.
        }
        var label = timing.Plan ?? $"{instanceType} x{cores}" + (nodes > 1 ? $" x{nodes} nodes" : "");
        var timers = timing.Timers.Select(t => new TimerReading(t.Name, t.Depth, t.Seconds, t.MinSeconds, t.MaxSeconds, t.ExclusiveSeconds, t.Cycles, t.Note)).ToList();
        return new BenchmarkRun(label, timing.Model, instanceType, instance.Architecture, cores, nodes, onDemand.UsdPerHour, prices.Spot(instance, region)?.UsdPerHour,
            wall, days, timers, estimated);
    }

    private static GcException Undescribed(string? who, string what) =>
        new(ErrorIds.BenchmarkRunUndescribed, GcErrorKind.InvalidData, $"{who} does not say {what}, so it cannot be compared with the other plans.",
            "Report runs started by Start-GcBenchmark (their jobs carry the plan in tags), or pipe the benchmark's jobs rather than log files.", who);
}
