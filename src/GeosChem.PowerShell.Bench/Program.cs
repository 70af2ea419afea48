using System.Diagnostics;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

// Usage: dotnet run --project src/GeosChem.PowerShell.Bench -c Release
// Leave-one-source-out accuracy of the runtime model over the published runs in src/GeosChem.PowerShell.Engine/Data,
// by model and resolution class, the learning curve (error as the user's runs are added) and the time to estimate and
// rank the whole instance catalog.
// With --write-fit: refits the shipped evidence and writes src/GeosChem.PowerShell.Engine/Data/runtime-model-fit.json, then stops.
if (args.Contains("--write-fit"))
{
    var target = Path.Combine(RepoRoot(), "src", "GeosChem.PowerShell.Engine", "Data", ShippedFit.FileName);
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

// The learning curve (issue 13): how the error on a user's next runs falls as the user's own runs are added.
// Honest stand-in for "the user": real published runs. Each source with 2+ fitted runs (one machine, build and author)
// takes the user's place in turn: the model is fitted without that source ("shipped-only"), then n of its runs are added
// as the user's runs (weighted as UserCalibration does) and the source's remaining runs are predicted. Runs are added in
// seeded random orders; the errors are over every held-out run of every order.
Console.WriteLine($"\nLearning curve: error on a source's held-out runs as n of its runs are added as \"your runs\" (real published runs, leave-group-out; not synthetic)");
watch.Restart();
var curveSources = usable.GroupBy(r => r.SourceGroup).Where(g => g.Count() >= 2).ToList();
const int Orders = 5;
var curve = new SortedDictionary<int, (List<double> Shipped, List<double> Learned, List<double> Unweighted, HashSet<string> Sources)>();
foreach (var source in curveSources)
{
    var others = usable.Where(r => r.SourceGroup != source.Key).ToList();
    var shippedOnly = RuntimeModelFit.Fit(others, InstanceCatalog.Default, ProcessorSpeeds.Default, [.. full.Parameters]);
    for (var order = 0; order < Orders; order++)
    {
        var shuffled = source.ToList();
        var random = new Random(1000 * order + source.Count());
        for (var i = shuffled.Count - 1; i > 0; i--) { var j = random.Next(i + 1); (shuffled[i], shuffled[j]) = (shuffled[j], shuffled[i]); }
        foreach (var n in new[] { 0, 1, 2, 4, 8 }.Where(n => n < shuffled.Count))
        {
            var added = shuffled.Take(n).ToList();
            var heldOut = shuffled.Skip(n).ToList();
            RuntimeModel Learn(double weight) => n == 0 ? shippedOnly
                : RuntimeModelFit.Fit([.. others, .. added.Select(r => r with { Weight = weight })], InstanceCatalog.Default, ProcessorSpeeds.Default, [.. shippedOnly.Parameters]);
            var learned = Learn(UserCalibration.Weight);
            var unweighted = Learn(1);
            if (!curve.TryGetValue(n, out var point)) curve[n] = point = ([], [], [], []);
            point.Sources.Add(source.Key);
            foreach (var run in heldOut)
            {
                var plan = RuntimeModelFit.PlanOf(run, InstanceCatalog.Default, GeosChemDomain.Default);
                point.Shipped.Add(Math.Abs(shippedOnly.WallSeconds(plan) / run.WallSeconds - 1));
                point.Learned.Add(Math.Abs(learned.WallSeconds(plan) / run.WallSeconds - 1));
                point.Unweighted.Add(Math.Abs(unweighted.WallSeconds(plan) / run.WallSeconds - 1));
            }
        }
    }
}
Console.WriteLine($"{"your runs",10} {"sources",8} {"held-out",9}  {"shipped-only median |err|",26} {$"with your runs (weight {UserCalibration.Weight:0})",28} {"(weight 1)",11}");
foreach (var (n, point) in curve)
{
    Console.WriteLine($"{n,10} {point.Sources.Count,8} {point.Shipped.Count,9}  {Pct(MedianOf(point.Shipped)),26} {Pct(MedianOf(point.Learned)),28} {Pct(MedianOf(point.Unweighted)),11}");
}
Console.WriteLine($"  sources: {string.Join("; ", curveSources.Select(g => $"{g.Key} ({g.Count()} runs)"))}; {Orders} orders each; {watch.ElapsedMilliseconds} ms.");
Console.WriteLine("  shipped-only = fitted on the other sources; a row with fewer sources covers only the sources with more runs than n.");

// Estimating and ranking the whole catalog: the first call reads the shipped fit; later calls must stay under 50 ms.
var today = DateOnly.FromDateTime(DateTime.UtcNow);
var cases = new (string Model, string Res)[] { ("GCClassic", "4x5"), ("GCClassic", "2x2.5"), ("GCHP", "C48"), ("GCHP", "C90"), ("GCHP", "C180"), ("GCHP", "C360") };
watch.Restart();
InstanceRecommender.Default.Recommend(new RecommendationRequest("GCHP", "fullchem", "C180", 31, RecommendationPriority.Balanced, "x86_64", null, null, null, false, "us-east-1", 5), today);
var firstMs = watch.Elapsed.TotalMilliseconds;
Console.WriteLine($"\nEstimate and rank the whole catalog (x86_64, us-east-1, a month of fullchem): first call {firstMs:0} ms (reads the shipped fit); then, 20 calls each:");
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

static double MedianOf(List<double> values)
{
    if (values.Count == 0) return double.NaN;
    var sorted = values.Order().ToList();
    return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
}

static string Pct(double v) => double.IsNaN(v) ? "-" : $"{v:P0}";
