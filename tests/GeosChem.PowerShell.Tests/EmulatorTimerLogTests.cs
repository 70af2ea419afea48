using System.Globalization;
using System.Text.RegularExpressions;
using GeosChem.AwsEmulator.Batch;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Running;
using GeosChem.PowerShell.Timing;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// The emulator's Batch jobs print GEOS-Chem's own timer layouts with times from our runtime model: the rows are
/// checked against the real 14.7.0 fixture byte for byte, and our parser reads a whole emulated job's log.
/// </summary>
public sealed class EmulatorTimerLogTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "fixtures", "timing", name));

    [Fact]
    public void EveryRowOfTheRealGcclassicTimerTableIsReproducedByteForByte()
    {
        var rows = Fixture("gcclassic-14.7.0.timers.log").Split('\n').Where(l => l.Length > 33 && l[32] == ':').ToList();
        Assert.Equal(14, rows.Count);
        foreach (var row in rows)
        {
            var name = row[2..32].Trim();
            var timed = Regex.Match(row, @"(\d{2})-(\d{2}):(\d{2}):(\d{2})\.(\d{3})\s+([\d.]+)$");
            double? seconds = null;
            if (timed.Success)
            {
                double G(int i) => double.Parse(timed.Groups[i].Value, CultureInfo.InvariantCulture);
                var truncated = G(1) * 86400 + G(2) * 3600 + G(3) * 60 + G(4) + G(5) / 1000;
                // GEOS-Chem truncates the milliseconds and rounds the total: a time between the two prints both.
                seconds = truncated + (G(6) > truncated + 1e-9 ? 0.0007 : 0.0002);
            }
            Assert.Equal(row.TrimEnd('\r'), GeosChemRunLog.ClassicRow(name, seconds));
        }
    }

    [Fact]
    public async Task AFinishedClassicJobsLogParsesWithTheModelsTimesForTheInstanceItRanOn()
    {
        var (timing, job) = await RunAsync("bench-classic", "GCClassic", vcpus: 32);
        Assert.Equal("GCClassic", timing.Model);
        Assert.Equal("14.7.0", timing.Version);
        Assert.True(timing.Period.Finished);
        Assert.Equal(7.0, timing.Period.Days);
        Assert.Empty(timing.Warnings);
        var instance = job.AttemptDetails[^1];
        var estimate = CostEstimator.Default.Prepare(new EstimateRequest("GCClassic", "fullchem", "4x5", 7, "c7i.8xlarge", 1, 32, false, "us-east-1"), DateOnly.FromDateTime(DateTime.UtcNow));
        // Noise of a few percent on each component; the total is within a fifth of the model's.
        Assert.InRange(timing.WallSeconds!.Value, estimate.Seconds * 0.8, estimate.Seconds * 1.25);
        Assert.NotEqual(Math.Round(estimate.Seconds, 3), timing.WallSeconds);
        Assert.Contains(timing.Timers, t => t.Name == "HEMCO" && t.Seconds > 0);
        Assert.Contains(timing.Timers, t => t.Name == "=> Linearized chem" && t.Note == "did not run");
        Assert.NotNull(instance.LogStreamName);
    }

    [Fact]
    public async Task AFinishedGchpJobsLogParsesAsMaplsProfilerReport()
    {
        var (timing, _) = await RunAsync("bench-gchp", "GCHP", vcpus: 32, resolution: "C24", ranks: 12);
        Assert.Equal("GCHP", timing.Model);
        Assert.Equal(7.0, timing.Period.Days!.Value, 3);
        var estimate = CostEstimator.Default.Prepare(new EstimateRequest("GCHP", "fullchem", "C24", 7, "c7i.8xlarge", 1, 12, false, "us-east-1"), DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.InRange(timing.WallSeconds!.Value, estimate.Seconds * 0.8, estimate.Seconds * 1.25);
        Assert.Contains(timing.Timers, t => t.Name == "GCHPchem.Run.GC_CHEM" && t.MinSeconds < t.Seconds && t.Seconds < t.MaxSeconds);
        Assert.Empty(timing.Warnings);
    }

    [Fact]
    public async Task AScenariosRuntimeFactorMakesTheEmulatedRunsSlowerThanTheModel()
    {
        var (timing, _) = await RunAsync("bench-slow", "GCClassic", vcpus: 32, runtimeFactor: 1.5);
        var estimate = CostEstimator.Default.Prepare(new EstimateRequest("GCClassic", "fullchem", "4x5", 7, "c7i.8xlarge", 1, 32, false, "us-east-1"), DateOnly.FromDateTime(DateTime.UtcNow));
        Assert.InRange(timing.WallSeconds!.Value, estimate.Seconds * 1.5 * 0.8, estimate.Seconds * 1.5 * 1.25);
    }

    [Fact]
    public async Task ATruncatedLogKeepsItsCompleteTimersAndSaysSoAndACorruptOneHasNoTotal()
    {
        var (truncated, _) = await RunAsync("bench-cut", "GCClassic", vcpus: 16, fault: "truncated");
        Assert.Contains(truncated.Warnings, w => w.Contains("truncated", StringComparison.Ordinal));
        Assert.False(truncated.Period.Finished);

        var (corrupt, _) = await RunAsync("bench-bad", "GCClassic", vcpus: 16, fault: "corrupt");
        Assert.Null(corrupt.WallSeconds);
        Assert.NotEmpty(corrupt.Warnings);
    }

    private async Task<(RunTiming Timing, GcBatchJob Job)> RunAsync(string name, string model, int vcpus, string resolution = "4x5", string? fault = null, int? ranks = null, double runtimeFactor = 1)
    {
        var context = TestContexts.For(fixture.Emulator);
        var batch = BatchTestKit.Batch(context);
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 30, new JobScenario { NamePattern = name, TimerLog = fault, RuntimeFactor = runtimeFactor });
        var definition = await BatchTestKit.RegisterAsync(batch, BatchTestKit.Spec(name, vcpus, spot: false) with { Model = model, MemoryGiB = 60, PhysicalCoresPerNode = ranks });
        var submitted = await batch.SubmitJobAsync(new SubmitJobRequest
        {
            JobName = name, JobQueue = "geoschem-ondemand", JobDefinition = definition,
            ContainerOverrides = new ContainerOverridesShape
            {
                Environment = [new KeyValuePairShape("GC_SIM_START", "20190701"), new KeyValuePairShape("GC_SIM_END", "20190708")],
            },
            Tags = new Dictionary<string, string> { [GeosChemRunLog.SimulationTag] = "fullchem", [GeosChemRunLog.ResolutionTag] = resolution },
        }, default);
        fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(120));
        var job = BatchJobMapper.FromDetail(Assert.Single(await batch.DescribeJobsAsync([submitted.JobId], default)), batch.Region);
        Assert.Equal("SUCCEEDED", job.Status);
        if (vcpus == 32) Assert.Equal("c7i.8xlarge", BatchTestKit.World(fixture.Emulator).Jobs[job.JobId].Attempts[^1].InstanceType);
        var lines = new List<string>();
        await foreach (var e in new JobLogReader(BatchTestKit.Logs(context)).ReadAsync(job, null, null, default)) lines.Add(e.Message);
        return (RunTimingReader.Read(string.Join('\n', lines), name), job);
    }
}
