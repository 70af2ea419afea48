using System.Diagnostics;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

// Usage: dotnet run --project src/GeosChem.PowerShell.Bench
// Leave-one-out accuracy of the runtime model over the published runs in src/GeosChem.PowerShell/Data.
var watch = Stopwatch.StartNew();
var runs = CalibrationRun.LoadEmbedded();
var usable = RuntimeModelFit.UsableRuns(runs, InstanceCatalog.Default, GeosChemDomain.Default);
var full = RuntimeModelFit.Fit(usable, InstanceCatalog.Default, ProcessorSpeeds.Default);
var fitMs = watch.ElapsedMilliseconds;
watch.Restart();
var accuracy = new ModelAccuracy(RuntimeModelFit.LeaveOneOut(usable, InstanceCatalog.Default, ProcessorSpeeds.Default, full));
var looMs = watch.ElapsedMilliseconds;

Console.WriteLine($"Runtime model: leave-one-out over {usable.Count} published runs ({runs.Count} rows; the others are left out with a reason)");
Console.WriteLine($"{"run",-66} {"actual s",9} {"LOO s",9} {"error",7}");
foreach (var r in accuracy.Results)
{
    Console.WriteLine($"{r.Run.Describe(),-66} {r.Run.WallSeconds,9:0} {r.PredictedSeconds,9:0} {r.ErrorFraction,7:+0%;-0%}");
}
foreach (var model in new[] { "GCClassic", "GCHP" })
{
    Console.WriteLine($"{model,-10} median |error| {accuracy.MedianAbsError(model),5:P0}   max |error| {accuracy.MaxAbsError(model),5:P0}   estimate range +/-{Math.Exp(accuracy.LogHalfWidth(model)) - 1:P0} (80th percentile)");
}
Console.WriteLine($"{"all",-10} median |error| {accuracy.MedianAbsError(),5:P0}   max |error| {accuracy.MaxAbsError(),5:P0}");

Console.WriteLine("\narm64 runs, reported beside the fit (not fitted: published Graviton results conflict)");
foreach (var run in RuntimeModelFit.CheckRuns(runs, InstanceCatalog.Default))
{
    var predicted = full.WallSeconds(RuntimeModelFit.PlanOf(run, InstanceCatalog.Default, GeosChemDomain.Default));
    Console.WriteLine($"{run.Describe(),-66} {run.WallSeconds,9:0} {predicted,9:0} {predicted / run.WallSeconds - 1,7:+0%;-0%}");
}
Console.WriteLine($"\nfit {fitMs} ms, leave-one-out {looMs} ms. Reproduce: dotnet run --project src/GeosChem.PowerShell.Bench -c Release");
