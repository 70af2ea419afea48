using GeosChem.AwsEmulator;
using GeosChem.AwsEmulator.Batch;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

/// <summary>The emulator's Batch job lifecycle, driven over the wire with the emulator clock moved by hand.</summary>
public sealed class BatchStateMachineTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private BatchClient _batch = null!;
    private string _definition = "";

    public async Task InitializeAsync()
    {
        fixture.Emulator.State.Reset();
        _batch = BatchTestKit.Batch(TestContexts.For(fixture.Emulator));
        _definition = await BatchTestKit.RegisterAsync(_batch);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    private Task<SubmitJobResponse> Submit(string name, string queue = "geoschem-spot", int? arraySize = null, List<JobDependencyShape>? dependsOn = null,
        string? definition = null) =>
        _batch.SubmitJobAsync(new SubmitJobRequest
        {
            JobName = name, JobQueue = queue, JobDefinition = definition ?? _definition,
            ArrayProperties = arraySize is null ? null : new ArrayPropertiesShape(arraySize), DependsOn = dependsOn,
        }, default);

    private async Task<JobDetailShape> Describe(string id) => Assert.Single(await _batch.DescribeJobsAsync([id], default));

    private void Advance(double seconds) => fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(seconds));

    [Fact]
    public async Task AJobWalksEveryStateInOrderAndSucceeds()
    {
        // The emulator's clock is real time plus what the test advances: 30 s per state, advanced 30 s a step, so a slow
        // machine's real seconds between two calls cannot skip a state.
        BatchTestKit.FastTimings(fixture.Emulator, runSeconds: 60);
        lock (fixture.Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-east-1").Gate)
        {
            BatchTestKit.World(fixture.Emulator).Timings = new BatchTimings { SubmittedSeconds = 30, RunnableSeconds = 30, StartingSeconds = 30, RunningSeconds = 60 };
        }
        var job = await Submit("walk");
        var seen = new List<string> { (await Describe(job.JobId)).Status };
        for (var i = 0; i < 4; i++)
        {
            Advance(30);
            var status = (await Describe(job.JobId)).Status;
            if (status != seen[^1]) seen.Add(status);
        }
        Advance(60);
        var done = await Describe(job.JobId);
        seen.Add(done.Status);
        Assert.Equal(["SUBMITTED", "RUNNABLE", "STARTING", "RUNNING", "SUCCEEDED"], seen.Distinct());
        Assert.Equal(0, done.Container!.ExitCode);
        Assert.Single(done.Attempts!);
        Assert.NotNull(done.StartedAt);
        Assert.True(done.StoppedAt > done.StartedAt);
    }

    [Fact]
    public async Task SpotReclaimsAreRetriedByTheDefinitionsRuleAndApplicationErrorsAreNot()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 60,
            new JobScenario { NamePattern = "reclaimed*", SpotReclaims = 2 }, new JobScenario { NamePattern = "broken*", ExitCode = 2 });
        var reclaimed = await Submit("reclaimed-1");
        var broken = await Submit("broken-1");
        Advance(400);
        var r = await Describe(reclaimed.JobId);
        Assert.Equal("SUCCEEDED", r.Status);
        Assert.Equal(3, r.Attempts!.Count);
        Assert.All(r.Attempts.Take(2), a => Assert.StartsWith("Host EC2 (instance i-", a.StatusReason));
        var b = await Describe(broken.JobId);
        Assert.Equal("FAILED", b.Status);
        Assert.Single(b.Attempts!); // the EXIT rule stops retries of an application error
        Assert.Equal(2, b.Attempts![0].Container!.ExitCode);
    }

    [Fact]
    public async Task ReclaimsBeyondTheAttemptsFailTheJobWithTheHostReason()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 60, new JobScenario { NamePattern = "doomed", SpotReclaims = 5 });
        var job = await Submit("doomed");
        Advance(600);
        var d = await Describe(job.JobId);
        Assert.Equal("FAILED", d.Status);
        Assert.Equal(3, d.Attempts!.Count);
        Assert.StartsWith("Host EC2", d.StatusReason);
    }

    [Fact]
    public async Task OnDemandQueuesAreNeverReclaimed()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 60, new JobScenario { NamePattern = "*", SpotReclaims = 5 });
        var job = await Submit("steady", queue: "geoschem-ondemand");
        Advance(100);
        var d = await Describe(job.JobId);
        Assert.Equal("SUCCEEDED", d.Status);
        Assert.Single(d.Attempts!);
    }

    [Fact]
    public async Task TheAttemptTimeoutEndsALongAttempt()
    {
        BatchTestKit.FastTimings(fixture.Emulator, runSeconds: 10_000);
        var job = await Submit("slow");
        Advance(7200 + 10);
        var d = await Describe(job.JobId);
        Assert.Equal("FAILED", d.Status);
        Assert.Equal("Job attempt duration exceeded timeout", d.Attempts![^1].StatusReason);
    }

    [Fact]
    public async Task SequentialArrayChildrenRunOneAfterAnotherAndTheParentSummarises()
    {
        BatchTestKit.FastTimings(fixture.Emulator, runSeconds: 30);
        var array = await Submit("sweep", arraySize: 3, dependsOn: [new JobDependencyShape(null, "SEQUENTIAL")]);
        Advance(20);
        var children = await _batch.DescribeJobsAsync([$"{array.JobId}:0", $"{array.JobId}:1", $"{array.JobId}:2"], default);
        Assert.Equal(["RUNNING", "PENDING", "PENDING"], children.Select(c => c.Status));
        Advance(200);
        var parent = await Describe(array.JobId);
        Assert.Equal("SUCCEEDED", parent.Status);
        Assert.Equal(3, parent.ArrayProperties!.StatusSummary!["SUCCEEDED"]);
        var stops = (await _batch.DescribeJobsAsync([$"{array.JobId}:0", $"{array.JobId}:1", $"{array.JobId}:2"], default)).Select(c => c.StoppedAt!.Value).ToList();
        Assert.True(stops[0] < stops[1] && stops[1] < stops[2]);
    }

    [Fact]
    public async Task NToNChildrenWaitForTheirPartnerAndAFailedDependencyFailsTheDependent()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 30, new JobScenario { NamePattern = "first-fails", ExitCode = 1 });
        var first = await Submit("first", arraySize: 2);
        var second = await Submit("second", arraySize: 2, dependsOn: [new JobDependencyShape(first.JobId, "N_TO_N")]);
        var failing = await Submit("first-fails");
        var blocked = await Submit("blocked", dependsOn: [new JobDependencyShape(failing.JobId, null)]);
        Advance(10);
        Assert.Equal("PENDING", (await Describe($"{second.JobId}:0")).Status);
        Advance(300);
        Assert.Equal("SUCCEEDED", (await Describe(second.JobId)).Status);
        Assert.True((await Describe($"{second.JobId}:1")).StartedAt >= (await Describe($"{first.JobId}:1")).StoppedAt);
        var b = await Describe(blocked.JobId);
        Assert.Equal("FAILED", b.Status);
        Assert.Equal("Dependent Job failed", b.StatusReason);
    }

    [Fact]
    public async Task CancelStopsQueuedJobsAndTerminateStopsRunningOnes()
    {
        BatchTestKit.FastTimings(fixture.Emulator, runSeconds: 600);
        var running = await Submit("running");
        Advance(4);
        var queued = await Submit("queued");
        Assert.Equal("RUNNING", (await Describe(running.JobId)).Status);
        await _batch.CancelJobAsync(queued.JobId, "not needed", default);
        await _batch.CancelJobAsync(running.JobId, "cancel does not stop running jobs", default);
        Assert.Equal("RUNNING", (await Describe(running.JobId)).Status);
        await _batch.TerminateJobAsync(running.JobId, "stop now", default);
        var q = await Describe(queued.JobId);
        var r = await Describe(running.JobId);
        Assert.Equal(("FAILED", "not needed"), (q.Status, q.StatusReason));
        Assert.Equal(("FAILED", "stop now"), (r.Status, r.StatusReason));
        Assert.NotNull(r.Attempts![0].StoppedAt);
    }

    [Fact]
    public async Task MultiNodeJobsAreRefusedOnSpotAndRunTheirNodesOnDemand()
    {
        BatchTestKit.FastTimings(fixture.Emulator, runSeconds: 60);
        var spec = BatchTestKit.Spec("gchp-c90", vcpus: 64, spot: false) with { Model = "GCHP", NodeCount = 4, InstanceType = "hpc7a.96xlarge", EfaDevices = true };
        var definition = await BatchTestKit.RegisterAsync(_batch, spec);
        var refused = await Assert.ThrowsAsync<AwsServiceException>(() => Submit("mnp", definition: definition));
        Assert.Contains("SPOT", refused.Message);
        var job = await Submit("mnp", queue: "geoschem-ondemand", definition: definition);
        Advance(10);
        var nodes = await _batch.DescribeJobsAsync([$"{job.JobId}#0", $"{job.JobId}#3"], default);
        Assert.All(nodes, n => Assert.Equal("RUNNING", n.Status));
        Assert.True(nodes[0].NodeDetails!.IsMainNode);
        var listed = new List<JobSummaryShape>();
        await foreach (var s in _batch.ListJobsAsync(new ListJobsRequest { MultiNodeJobId = job.JobId, JobStatus = "RUNNING" }, default)) listed.Add(s);
        Assert.Equal(4, listed.Count);
    }

    [Fact]
    public async Task ListJobsPagesFiltersByNameAndDefaultsToRunning()
    {
        BatchTestKit.FastTimings(fixture.Emulator, runSeconds: 600);
        fixture.Emulator.State.MaxPageSize = 7;
        for (var i = 0; i < 20; i++) await Submit($"page-{i:D2}");
        await Submit("other");
        Advance(5);
        var running = new List<JobSummaryShape>();
        await foreach (var s in _batch.ListJobsAsync(new ListJobsRequest { JobQueue = "geoschem-spot" }, default)) running.Add(s);
        Assert.Equal(21, running.Count);
        var named = new List<JobSummaryShape>();
        await foreach (var s in _batch.ListJobsAsync(new ListJobsRequest { JobQueue = "geoschem-spot", Filters = [new ListJobsFilterShape("JOB_NAME", ["PAGE-1*"])] }, default)) named.Add(s);
        Assert.Equal(10, named.Count);
        Assert.True(named.Zip(named.Skip(1)).All(p => p.First.CreatedAt >= p.Second.CreatedAt)); // newest first
    }

    [Fact]
    public async Task AnArrayOfTenThousandChildrenRunsAndIsSummarisedOnItsParent()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 30);
        var array = await Submit("big-sweep", queue: "geoschem-ondemand", arraySize: 10_000);
        Advance(10);
        var running = await Describe(array.JobId);
        Assert.Equal("PENDING", running.Status);
        Assert.Equal(10_000, running.ArrayProperties!.StatusSummary!["RUNNING"]);
        Advance(60);
        var done = await Describe(array.JobId);
        Assert.Equal("SUCCEEDED", done.Status);
        Assert.Equal(10_000, done.ArrayProperties!.StatusSummary!["SUCCEEDED"]);
        Assert.Equal("SUCCEEDED", (await Describe($"{array.JobId}:9999")).Status);
        await Assert.ThrowsAsync<AwsServiceException>(() => Submit("too-big", arraySize: 10_001));
    }
}
