using System.Diagnostics;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

// Usage: dotnet run --project src/GeosChem.PowerShell.Bench -c Release
// Leave-one-source-out accuracy of the runtime model over the published runs in src/GeosChem.PowerShell/Data,
// by model and resolution class, the learning curve (error as the user's runs are added) and the time to estimate and
// rank the whole instance catalog.
// With --write-fit: refits the shipped evidence and writes src/GeosChem.PowerShell/Data/runtime-model-fit.json, then stops.
if (args.Contains("--write-fit"))
{
    var target = Path.Combine(RepoRoot(), "src", "GeosChem.PowerShell", "Data", ShippedFit.FileName);
    File.WriteAllText(target, ShippedFit.Compute().ToJson());
    Console.WriteLine($"Wrote {target}.");
    return;
}
var watch = Stopwatch.StartNew();
var runs = CalibrationRun.LoadEmbedded();
var usable = RuntimeModelFit.UsableRuns(runs, InstanceCatalog.Default, GeosChemDomain.Default);
var full = RuntimeModelFit.Fit(usable, InstanceCatalog.Default, ProcessorSpeeds.Default);
var fitMs = watch.ElapsedMilliseconds;
watch.Restart();
var accuracy = new ModelAccuracy(RuntimeModelFit.LeaveOneSourceOut(usable, InstanceCatalog.Default, ProcessorSpeeds.Default, full));
var looMs = watch.ElapsedMilliseconds;

Console.WriteLine($"Runtime model: leave-one-source-out over {usable.Count} published runs from {usable.Select(r => r.SourceGroup).Distinct().Count()} sources ({runs.Count} rows; the others are left out with a reason)");
Console.WriteLine($"{"run",-70} {"source",-34} {"actual s",9} {"LOSO s",9} {"error",7}");
foreach (var r in accuracy.Results)
{
    Console.WriteLine($"{r.Run.Describe(),-70} {r.Run.SourceGroup,-34} {r.Run.WallSeconds,9:0} {r.PredictedSeconds,9:0} {r.ErrorFraction,7:+0%;-0%}");
}

Console.WriteLine($"\nBy model and resolution class (a class with fewer than {ModelAccuracy.MinimumSources} sources is Low confidence)");
Console.WriteLine($"{"model",-10} {"class",-14} {"runs",5} {"sources",8} {"median |err|",13} {"max |err|",10} {"range +/-",10}  confidence / sources");
foreach (var c in accuracy.Classes(GeosChemDomain.Default))
{
    var note = c.Runs == 0 ? "Low: no published run" : $"{(c.Thin ? "Low" : "measured")}: {string.Join(", ", c.Sources)}";
    Console.WriteLine($"{c.Model,-10} {c.ResolutionClass,-14} {c.Runs,5} {c.Sources.Count,8} {Pct(c.MedianAbsError),13} {Pct(c.MaxAbsError),10} {Pct(Math.Exp(c.LogHalfWidth) - 1),10}  {note}");
}
foreach (var model in new[] { "GCClassic", "GCHP" })
{
    Console.WriteLine($"{model,-10} {"all",-14} median |error| {accuracy.MedianAbsError(model),5:P0}   max |error| {accuracy.MaxAbsError(model),5:P0}");
}

Console.WriteLine("\nFitted parameters");
foreach (var (name, value) in full.Terms()) Console.WriteLine($"  {name,-52} {value,10:0.####}");

Console.WriteLine("\nComponents against GEOS-Chem's own timers (full fit)");
foreach (var run in runs.Where(r => r.InputSeconds > 0 || r.ChemistrySeconds > 0 || r.TransportSeconds > 0))
{
    if (!usable.Contains(run)) { Console.WriteLine($"  {run.Describe(),-66} not fitted ({run.Reason})"); continue; }
    var day = full.PerDay(RuntimeModelFit.PlanOf(run, InstanceCatalog.Default, GeosChemDomain.Default));
    string Pair(double published, double perDay) => published > 0 ? $"{published:0}/{perDay * day.NetworkFactor * run.SimDays:0}" : $"-/{perDay * day.NetworkFactor * run.SimDays:0}";
    Console.WriteLine($"  {run.Describe(),-66} input {Pair(run.InputSeconds, day.InputSeconds)}  chemistry {Pair(run.ChemistrySeconds, day.ChemistrySeconds)}  transport {Pair(run.TransportSeconds, day.TransportSeconds)}  output -/{day.OutputSeconds * run.SimDays:0} s (published/model)");
}

Console.WriteLine("\narm64 runs, reported beside the fit (not fitted: arm64 only from arm64 evidence, and published Graviton results conflict)");
foreach (var run in RuntimeModelFit.CheckRuns(runs, InstanceCatalog.Default))
{
    var predicted = full.WallSeconds(RuntimeModelFit.PlanOf(run, InstanceCatalog.Default, GeosChemDomain.Default));
    Console.WriteLine($"{run.Describe(),-70} {run.WallSeconds,9:0} {predicted,9:0} {predicted / run.WallSeconds - 1,7:+0%;-0%}");
}
Console.WriteLine("\nGCClassic 4x5 fullchem, one simulated month on one Sapphire Rapids node (c7i.48xlarge), by OpenMP threads on physical cores");
var c7i = InstanceCatalog.Default.Find("c7i.48xlarge")!;
var grid4x5 = GeosChemDomain.Default.Models["GCClassic"].Resolutions.Single(r => r.Name == "4x5");
double? oneThread = null;
foreach (var threads in new[] { 1, 4, 8, 16, 24, 32, 48, 64, 96 })
{
    var day = full.PerDay(new RunPlan("GCClassic", "fullchem", grid4x5.Columns, grid4x5.TransportStepSeconds, grid4x5.ChemistryStepSeconds, 31, c7i, 1, threads, false, Option: "benchmark"));
    oneThread ??= day.Total;
    Console.WriteLine($"  {threads,3} threads: {day.Total * 31 / 3600,6:0.0} h  speed-up x{oneThread / day.Total,5:0.0}  (per day: input {day.InputSeconds:0} s, chemistry {day.ChemistrySeconds:0} s, transport {day.TransportSeconds:0} s, output {day.OutputSeconds:0} s)");
}
Console.WriteLine($"\nfit {fitMs} ms, leave-one-source-out {looMs} ms.");

// Estimating and ranking the whole catalog: the first call fits the model; later calls must stay under 50 ms.
var today = DateOnly.FromDateTime(DateTime.UtcNow);
var cases = new (string Model, string Res)[] { ("GCClassic", "4x5"), ("GCClassic", "2x2.5"), ("GCHP", "C48"), ("GCHP", "C90"), ("GCHP", "C180"), ("GCHP", "C360") };
watch.Restart();
InstanceRecommender.Default.Recommend(new RecommendationRequest("GCHP", "fullchem", "C180", 31, RecommendationPriority.Balanced, "x86_64", null, null, null, false, "us-east-1", 5), today);
var firstMs = watch.Elapsed.TotalMilliseconds;
Console.WriteLine($"\nEstimate and rank the whole catalog (x86_64, us-east-1, a month of fullchem): first call {firstMs:0} ms (fits the model); then, 20 calls each:");
foreach (var (model, res) in cases)
{
    var times = new List<double>();
    var count = 0;
    for (var i = 0; i < 20; i++)
    {
        watch.Restart();
        var top = InstanceRecommender.Default.Recommend(new RecommendationRequest(model, "fullchem", res, 31, RecommendationPriority.Balanced, "x86_64", null, null, null, false, "us-east-1", 3), today);
        times.Add(watch.Elapsed.TotalMilliseconds);
        count = top.Count;
    }
    times.Sort();
    var best = InstanceRecommender.Default.Recommend(new RecommendationRequest(model, "fullchem", res, 31, RecommendationPriority.Balanced, "x86_64", null, null, null, false, "us-east-1", 1), today)[0];
    Console.WriteLine($"  {model,-10} {res,-6} median {times[10],6:0.0} ms  max {times[^1],6:0.0} ms  (target: under 50 ms)  top: {best.NodeCount} x {best.InstanceType}, {best.EstimatedWallHours:0.#} h, ${best.EstimatedCost:0}, {best.Confidence}");
}

static string RepoRoot()
{
    var dir = new DirectoryInfo(AppContext.BaseDirectory);
    while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "GeosChem.PowerShell.sln"))) dir = dir.Parent;
    return dir?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
}

static string Pct(double v) => double.IsNaN(v) ? "-" : $"{v:P0}";
