using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Runtime;

namespace GeosChem.PowerShell.Tests;

/// <summary>The user's calibration file, the checks before a run becomes evidence, the shipped fit as data, and estimates that learn.</summary>
public sealed class UserCalibrationTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 11, 27, 12, 0, 0, DateTimeKind.Utc);
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"gc-calibration-{Guid.NewGuid():N}");

    public UserCalibrationTests() => Directory.CreateDirectory(_folder);

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static MeasuredRun Measured(string type = "c7i.8xlarge", double? wall = 7200, double? days = 7, string? job = "job-1", string model = "GCClassic",
        string res = "4x5", int nodes = 1, int? cores = null, string? arch = null, string? log = null) =>
        new(model, "fullchem", res, null, type, arch, nodes, cores, wall, days, null, job, null, log);

    private static UserRun Checked(MeasuredRun m, int id = 1) => CalibrationBook.Check(m, id, Now, GeosChemDomain.Default, InstanceCatalog.Default);

    private static string Rejects(MeasuredRun m) => Assert.Throws<GcException>(() => Checked(m)).ErrorId;

    [Fact]
    public void TheShippedFitFileIsTheFitOfTheShippedData()
    {
        Assert.True(ShippedFit.Default.InputsSha256 == ShippedFit.CurrentInputsSha256(),
            $"Data/{ShippedFit.FileName} is stale: a data file it depends on changed. Run: dotnet run --project src/GeosChem.PowerShell.Bench -c Release -- --write-fit");
        var refit = ShippedFit.Compute();
        var usable = RuntimeModelFit.UsableRuns(CalibrationRun.LoadEmbedded(), InstanceCatalog.Default, GeosChemDomain.Default);
        foreach (var run in usable)
        {
            var plan = RuntimeModelFit.PlanOf(run, InstanceCatalog.Default, GeosChemDomain.Default);
            Assert.True(Math.Abs(ShippedFit.Default.Model.WallSeconds(plan) / refit.Model.WallSeconds(plan) - 1) < 1e-3,
                $"Data/{ShippedFit.FileName} no longer matches the model's fit ({run.Describe()}). Run: dotnet run --project src/GeosChem.PowerShell.Bench -c Release -- --write-fit");
        }
        Assert.Equal(refit.Accuracy.Results.Select(r => r.Run.SourceRow), ShippedFit.Default.Accuracy.Results.Select(r => r.Run.SourceRow));
        Assert.All(refit.Accuracy.Results.Zip(ShippedFit.Default.Accuracy.Results), p => Assert.True(Math.Abs(p.First.PredictedSeconds / p.Second.PredictedSeconds - 1) < 1e-3, p.First.Run.Describe()));
    }

    [Fact]
    public void AMeasuredRunIsCheckedAndCompletedFromTheCatalog()
    {
        var run = Checked(Measured(type: " C7I.8XLARGE ", cores: null));
        Assert.Equal(("c7i.8xlarge", "x86_64", 32, "GCClassic", "4x5", "standard", "14"), (run.InstanceType, run.Architecture, run.CoresPerNode, run.Model, run.Resolution, run.Option, run.Version));
        Assert.Equal(36, Checked(Measured(model: "GCHP", res: "C48", type: "c5n.18xlarge")).CoresPerNode); // 36 physical cores, a multiple of 6
        Assert.Equal("GcInstanceTypeUnknown", Rejects(Measured(type: "c99.huge")));
        Assert.Equal("GcCalibrationRunInvalid", Rejects(Measured(days: 0)));
        Assert.Equal("GcCalibrationRunInvalid", Rejects(Measured(days: null)));
        Assert.Equal("GcCalibrationRunInvalid", Rejects(Measured(wall: -1)));
        Assert.Equal("GcCalibrationRunInvalid", Rejects(Measured(arch: "arm64")));
        Assert.Equal("GcCalibrationRunInvalid", Rejects(Measured(nodes: 2)));
        Assert.Equal("GcCalibrationRunInvalid", Rejects(Measured(cores: 33)));
        Assert.Equal("GcResolutionInvalid", Rejects(Measured(res: "3x3")));
    }

    [Fact]
    public void ARunIsADuplicateByJobIdOrWithoutOneByItsLog()
    {
        var stored = new[] { Checked(Measured(job: "JOB-1")), Checked(Measured(job: null, log: "/runs/a/GC.log"), 2) };
        Assert.Equal(1, CalibrationBook.DuplicateOf(Checked(Measured(job: "job-1", wall: 9000)), stored)?.Id);
        Assert.Equal(2, CalibrationBook.DuplicateOf(Checked(Measured(job: null, log: "/runs/a/GC.log")), stored)?.Id);
        Assert.Null(CalibrationBook.DuplicateOf(Checked(Measured(job: "job-2")), stored));
        Assert.Null(CalibrationBook.DuplicateOf(Checked(Measured(job: null, log: "/runs/b/GC.log")), stored));
        Assert.Equal(3, CalibrationBook.NextId(stored));
    }

    [Fact]
    public void TheFileKeepsEveryFieldAndLivesBesideTheConfiguration()
    {
        var path = Path.Combine(_folder, CalibrationStore.FileName);
        var runs = new[] { Checked(Measured(log: "/runs/with, comma/\"GC\".log")) with { EstimatedSeconds = 6500.5 }, Checked(Measured(job: "job-2", model: "GCHP", res: "C48", nodes: 2, type: "c5n.18xlarge", cores: 36), 2) };
        CalibrationStore.Save(path, runs);
        Assert.Equal(runs, CalibrationStore.Load(path));
        Assert.Empty(CalibrationStore.Load(Path.Combine(_folder, "none.csv")));
        File.WriteAllText(path, "id,job_id\n1\n");
        Assert.Equal("GcCalibrationFileUnreadable", Assert.Throws<GcException>(() => CalibrationStore.Load(path)).ErrorId);

        var env = new DictionaryEnvironment(new() { ["GC_CONFIG_FILE"] = Path.Combine(_folder, "cfg", "config.json") });
        Assert.Equal(Path.Combine(_folder, "cfg", CalibrationStore.FileName), CalibrationLocation.PathFor(null, env));
        Assert.Equal(Path.Combine(_folder, "other", CalibrationStore.FileName), CalibrationLocation.PathFor(Path.Combine(_folder, "other", "c.json"), env));
        var overridden = new DictionaryEnvironment(new() { ["GC_CALIBRATION_FILE"] = Path.Combine(_folder, "mine.csv") });
        Assert.Equal(Path.Combine(_folder, "mine.csv"), CalibrationLocation.PathFor(null, overridden));
    }

    [Fact]
    public void TheExportIsInTheShippedLayoutAndReadsBackAsEvidence()
    {
        var runs = new[] { Checked(Measured()), Checked(Measured(job: "g", model: "GCHP", res: "C90", nodes: 2, type: "c5n.18xlarge", cores: 36), 7), Checked(Measured(job: "a", type: "c7g.16xlarge"), 8) };
        var text = CalibrationStore.ToShippedLayout(runs, GeosChemDomain.Default, InstanceCatalog.Default, "my-lab/2026-11");
        var shippedHeader = DataFiles.ReadText("calibration-runs.csv").Split('\n')[0].TrimEnd('\r');
        Assert.Equal(shippedHeader, text.Split('\n')[0]);
        var back = CalibrationRun.Parse(text);
        Assert.Equal([1, 2, 3], back.Select(r => r.SourceRow));
        Assert.All(back, r => Assert.Equal("my-lab/2026-11", r.SourceGroup));
        Assert.Equal(("GCHP", 2, 36, "efa", 600), (back[1].Model, back[1].Nodes, back[1].WorkersPerNode, back[1].Network, back[1].TransportStepSeconds));
        Assert.Equal(["fit", "fit", "check"], back.Select(r => r.Use));
        Assert.Equal(2, RuntimeModelFit.UsableRuns(back, InstanceCatalog.Default, GeosChemDomain.Default).Count);
    }

    [Fact]
    public void EstimatesLearnFromTheUsersRunsAndSaySo()
    {
        // Synthetic measurements: the user's c7i.8xlarge runs 4x5 fullchem 40% slower than the shipped model says.
        var plan = new EstimateRequest("GCClassic", "fullchem", "4x5", 7, "c7i.8xlarge", 1, null, false, "us-east-1");
        var shipped = CostEstimator.Default.Prepare(plan, DateOnly.FromDateTime(Now)).Seconds;
        var path = Path.Combine(_folder, CalibrationStore.FileName);
        var runs = Enumerable.Range(1, 3).Select(i => Checked(Measured(job: $"job-{i}", wall: shipped * 1.4 * (1 + 0.02 * (i - 2))), i)).ToList();
        CalibrationStore.Save(path, runs);

        var planner = UserCalibration.For(path);
        Assert.Equal((3, 3), (planner.FittedRuns, planner.StoredRuns));
        var learned = planner.Estimator.Prepare(plan, DateOnly.FromDateTime(Now)).Seconds;
        Assert.True(Math.Abs(learned / (shipped * 1.4) - 1) < Math.Abs(shipped / (shipped * 1.4) - 1) / 2, $"shipped {shipped:0} s, learned {learned:0} s, measured {shipped * 1.4:0} s");
        Assert.Contains("includes 3 of your runs (3 at GCClassic 4x5", planner.Estimator.Estimate(plan, DateOnly.FromDateTime(Now)).Basis);
        Assert.Contains("includes 3 of your runs", planner.Recommender.Recommend(new RecommendationRequest("GCClassic", "fullchem", "4x5", 7, RecommendationPriority.Balanced, "x86_64",
            null, null, null, false, "us-east-1", 1), DateOnly.FromDateTime(Now))[0].Basis);

        // Kept per content: the same text gives the same planner, and the refit is on disk under its key.
        Assert.Same(planner, UserCalibration.For(path));
        Assert.Contains(ShippedFit.Sha256(ShippedFit.Default.InputsSha256 + "\n" + File.ReadAllText(path)), File.ReadAllText(UserCalibration.CachePath(path)));
        CalibrationStore.Save(path, runs.Take(2).ToList());
        Assert.Equal(2, UserCalibration.For(path).FittedRuns);

        Assert.Same(CostEstimator.Default, UserCalibration.For(Path.Combine(_folder, "absent.csv")).Estimator);
    }

    [Fact]
    public void Arm64RunsAreKeptButNotFittedAndBasisSaysSo()
    {
        var path = Path.Combine(_folder, CalibrationStore.FileName);
        CalibrationStore.Save(path, [Checked(Measured(type: "c7g.16xlarge"))]);
        var planner = UserCalibration.For(path);
        Assert.Equal((0, 1), (planner.FittedRuns, planner.StoredRuns));
        var e = planner.Estimator.Estimate(new EstimateRequest("GCClassic", "fullchem", "4x5", 7, "c7g.16xlarge", 1, null, false, "us-east-1"), DateOnly.FromDateTime(Now));
        Assert.Contains("1 of your arm64 runs kept but not fitted", e.Basis);
        Assert.Equal(CostEstimator.Default.Estimate(new EstimateRequest("GCClassic", "fullchem", "4x5", 7, "c7g.16xlarge", 1, null, false, "us-east-1"), DateOnly.FromDateTime(Now)).EstimatedWallTime, e.EstimatedWallTime);
    }

    private sealed class DictionaryEnvironment(Dictionary<string, string> values) : Aws.IEnvironment
    {
        public string? Get(string name) => values.TryGetValue(name, out var v) ? v : null;
    }
}
