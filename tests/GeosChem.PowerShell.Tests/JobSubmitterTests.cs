using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

public sealed class JobSubmitterTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private BatchClient _batch = null!;
    private string _definition = "";

    public async Task InitializeAsync()
    {
        fixture.Emulator.State.Reset();
        fixture.Emulator.Faults.Reset();
        _batch = BatchTestKit.Batch(TestContexts.For(fixture.Emulator));
        _definition = await BatchTestKit.RegisterAsync(_batch);
        lock (fixture.Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-east-1").Gate) BatchTestKit.World(fixture.Emulator).SubmitRatePerSecond = 100_000;
    }

    public Task DisposeAsync()
    {
        fixture.Emulator.Faults.Reset();
        return Task.CompletedTask;
    }

    private JobSubmitter Submitter(double rate = 100_000) =>
        new(_batch, new BatchDirectory(_batch), new SubmitOptions { RatePerSecond = rate, LookupSettleDelay = TimeSpan.Zero, MaxConcurrency = 16 }, NullAwsCallObserver.Instance);

    private SubmissionSpec Row(int i) => new() { Name = $"sweep-{i:D4}", Queue = "geoschem-spot", Definition = _definition, RunDirectory = $"s3://bucket/runs/{i}/" };

    [Fact]
    public async Task UnderThrottlingAndLostAnswersEverySubmissionExistsExactlyOnce()
    {
        const int count = 400;
        fixture.Emulator.Faults.Settings = new FaultSettings
        {
            ThrottleRate = 0.20, DropRate = 0.02, DropAfterHandlingRate = 0.02, ServerErrorRate = 0.01, Seed = 7, Operations = ["SubmitJob"],
        };
        using var submitter = Submitter();
        var jobs = await Task.WhenAll(Enumerable.Range(0, count).Select(i => submitter.SubmitAsync(Row(i), default)));

        var world = BatchTestKit.World(fixture.Emulator);
        lock (fixture.Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-east-1").Gate)
        {
            Assert.Equal(count, world.TopLevel.Count);
            Assert.Equal(count, world.TopLevel.Select(j => j.Tags[BatchJobMapper.SubmissionTag]!.GetValue<string>()).Distinct().Count());
            Assert.Equal(count, world.TopLevel.Select(j => j.JobName).Distinct().Count());
        }
        Assert.Equal(count, jobs.Select(j => j.JobId).Distinct().Count());
        var (submitted, recovered, resent) = submitter.Counts;
        Assert.Equal(count, submitted);
        // Answers lost after the job was made were found by their tag, not sent twice; those lost before were sent again.
        Assert.True(fixture.Emulator.Faults.Counters.GetValueOrDefault("fault:DropAfterHandling") > 0);
        Assert.True(recovered > 0, "some lost answers must have been resolved by lookup");
        Assert.True(resent > 0, "some submissions that never arrived must have been sent again");
        Assert.True(fixture.Emulator.Faults.Counters.GetValueOrDefault("fault:Throttle") > 0);
    }

    private int TopLevelJobs()
    {
        lock (fixture.Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-east-1").Gate) return BatchTestKit.World(fixture.Emulator).TopLevel.Count;
    }

    [Fact]
    public async Task ASweepRunAgainSubmitsNothingAndASweepStoppedHalfWaySubmitsExactlyTheRest()
    {
        const int rows = 100;
        using (var first = Submitter())
        {
            // A sweep stopped after 37 rows...
            await Task.WhenAll(Enumerable.Range(0, 37).Select(i => first.SubmitAsync(Row(i), default)));
        }
        Assert.Equal(37, TopLevelJobs());
        using (var resumed = Submitter())
        {
            // ...and run again in full submits exactly the 63 missing rows.
            var jobs = await Task.WhenAll(Enumerable.Range(0, rows).Select(i => resumed.SubmitAsync(Row(i), default)));
            Assert.Equal(rows, TopLevelJobs());
            Assert.Equal(37, resumed.AlreadySubmitted);
            Assert.Equal(rows, jobs.Select(j => j.JobId).Distinct().Count());
        }
        var handledBefore = fixture.Emulator.Handled("SubmitJob");
        using (var again = Submitter())
        {
            var jobs = await Task.WhenAll(Enumerable.Range(0, rows).Select(i => again.SubmitAsync(Row(i), default)));
            Assert.Equal(0, fixture.Emulator.Handled("SubmitJob") - handledBefore);
            Assert.Equal(rows, again.AlreadySubmitted);
            Assert.Equal(rows, TopLevelJobs());
            Assert.All(jobs, j => Assert.NotEqual("", j.Status));
        }
    }

    [Fact]
    public async Task AChangedRowOrForceIsANewSubmission()
    {
        using var submitter = Submitter();
        var original = await submitter.SubmitAsync(Row(1), default);
        var changed = await submitter.SubmitAsync(Row(1) with { RunDirectory = "s3://bucket/runs/other/" }, default);
        var otherQueue = await submitter.SubmitAsync(Row(1) with { Queue = "geoschem-ondemand" }, default);
        var forced = await submitter.SubmitAsync(Row(1) with { Resubmit = true }, default);
        Assert.Equal(4, new[] { original.JobId, changed.JobId, otherQueue.JobId, forced.JobId }.Distinct().Count());
        Assert.Equal(0, submitter.AlreadySubmitted);
        Assert.Equal(original.JobId, (await submitter.SubmitAsync(Row(1), default)).JobId);
    }

    [Theory]
    [InlineData("c7i.48xlarge", 16, 192, "needs 3072 vCPUs")]
    [InlineData("m7i.48xlarge", 2, 192, "which no compute environment")]
    public async Task AJobThePlatformCanNeverStartIsRefusedBeforeSubmission(string instanceType, int nodes, int vcpus, string why)
    {
        var big = await BatchTestKit.RegisterAsync(_batch, BatchTestKit.Spec("gchp-big", vcpus, spot: false) with { Model = "GCHP", NodeCount = nodes, InstanceType = instanceType });
        var before = fixture.Emulator.Handled("SubmitJob");
        using var submitter = Submitter();
        var error = await Assert.ThrowsAsync<GcException>(() => submitter.SubmitAsync(new SubmissionSpec { Name = "too-big", Queue = "geoschem-ondemand", Definition = big }, default));
        Assert.Equal("GcJobTooLargeForPlatform", error.ErrorId);
        Assert.Contains(why, error.Message);
        Assert.Equal(before, fixture.Emulator.Handled("SubmitJob"));
        // The same plan on as many nodes as fit is submitted.
        var fits = await submitter.SubmitAsync(new SubmissionSpec { Name = "fits", Queue = "geoschem-ondemand", Definition = big, NodeCount = instanceType == "c7i.48xlarge" ? 5 : null }, default)
            .ContinueWith(t => t.Exception?.InnerException as GcException);
        Assert.Equal(instanceType == "c7i.48xlarge" ? null : "GcJobTooLargeForPlatform", fits?.ErrorId);
    }

    [Fact]
    public async Task TheClientRateLimitHoldsSubmissionsToTheAskedPace()
    {
        using var submitter = Submitter(rate: 40);
        var started = System.Diagnostics.Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 41).Select(i => submitter.SubmitAsync(Row(i), default)));
        // 41 evenly spaced submissions at 40/s cannot take less than one second, however fast the service is.
        Assert.True(started.Elapsed >= TimeSpan.FromSeconds(0.95), $"took {started.Elapsed.TotalSeconds:0.00} s");
    }

    [Fact]
    public async Task EnvironmentCarriesTheRestartContractAndTagsTheSubmission()
    {
        using var submitter = Submitter();
        var job = await submitter.SubmitAsync(Row(1) with
        {
            OutputPrefix = "s3://bucket/out/1/", SimulationStart = new DateTime(2019, 7, 1), SimulationEnd = new DateTime(2019, 8, 1),
            Tags = new Dictionary<string, string> { ["project"] = "ozone" },
        }, default);
        var detail = Assert.Single(await _batch.DescribeJobsAsync([job.JobId], default));
        var env = detail.Container!.Environment!.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("s3://bucket/runs/1/", env["GC_RUN_DIRECTORY"]);
        Assert.Equal("s3://bucket/out/1/Restarts/", env["GC_RESTART_PREFIX"]);
        Assert.Equal("20190701 000000", env["GC_SIM_START"]);
        Assert.Equal("20190801 000000", env["GC_SIM_END"]);
        Assert.Equal("GCClassic", env["GC_MODEL"]); // from the definition
        Assert.Equal("ozone", detail.Tags!["project"]);
        Assert.Equal(job.SubmissionId, detail.Tags[BatchJobMapper.SubmissionTag]);
    }

    [Fact]
    public async Task UnknownQueuesAndDefinitionsNameTheOnesThatExist()
    {
        using var submitter = Submitter();
        var queue = await Assert.ThrowsAsync<GcException>(() => submitter.SubmitAsync(Row(1) with { Queue = "geoschem-spto" }, default));
        Assert.Equal("GcBatchJobQueueNotFound", queue.ErrorId);
        Assert.Contains("geoschem-ondemand, geoschem-spot", queue.Fix);
        var definition = await Assert.ThrowsAsync<GcException>(() => submitter.SubmitAsync(Row(1) with { Definition = "gc-clasic" }, default));
        Assert.Equal("GcBatchJobDefinitionNotFound", definition.ErrorId);
        Assert.Contains("gc-classic", definition.Fix);
        Assert.Empty(BatchTestKit.World(fixture.Emulator).TopLevel);
    }

    [Fact]
    public async Task MissingDependenciesAndMultiNodeOnSpotAreRefusedBeforeSubmitting()
    {
        using var submitter = Submitter();
        var missing = "8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f";
        var dep = await Assert.ThrowsAsync<GcException>(() => submitter.SubmitAsync(Row(1) with { DependsOn = [missing] }, default));
        Assert.Equal("GcBatchDependencyNotFound", dep.ErrorId);
        Assert.Contains(missing, dep.Problem);

        var mnp = await BatchTestKit.RegisterAsync(_batch, BatchTestKit.Spec("gchp-mnp", 64, spot: false) with { Model = "GCHP", NodeCount = 2, InstanceType = "hpc7a.96xlarge" });
        var spot = await Assert.ThrowsAsync<GcException>(() => submitter.SubmitAsync(Row(2) with { Definition = mnp }, default));
        Assert.Equal("GcMultiNodeOnSpot", spot.ErrorId);
        Assert.Empty(BatchTestKit.World(fixture.Emulator).TopLevel);
        var ok = await submitter.SubmitAsync(Row(3) with { Definition = mnp, Queue = "geoschem-ondemand", NodeCount = 3 }, default);
        Assert.Equal(3, ok.NodeCount);
    }

    [Fact]
    public async Task FallbackTagsTheJobAndCapsSpotAttemptsAtTheReclaimLimit()
    {
        using var submitter = Submitter();
        var job = await submitter.SubmitAsync(Row(1) with { FallbackToOnDemand = true, MaxSpotReclaims = 2 }, default);
        Assert.Equal("geoschem-ondemand", job.Tags[BatchJobMapper.FallbackQueueTag]); // from the Spot queue's tag
        var detail = Assert.Single(await _batch.DescribeJobsAsync([job.JobId], default));
        Assert.Equal(2, detail.RetryStrategy!.Attempts);
        var spotFallback = await Assert.ThrowsAsync<GcException>(() => submitter.SubmitAsync(Row(2) with { FallbackToOnDemand = true, FallbackQueue = "geoschem-spot" }, default));
        Assert.Equal("GcBatchFallbackQueueIsSpot", spotFallback.ErrorId);
    }

    [Fact]
    public async Task ClosingASweepSendsNoMoreRowsAndLetsThoseInFlightSettle()
    {
        // One submission every 100 s: the row that reaches the rate gate first goes at once, the rest wait their turn,
        // however slow a loaded machine is to answer the first (at 2/s, and later at one every 4 s, fresh-clone runs
        // under load let every row through first). Which row that is depends on whose lookups finish first, so the
        // test waits for the first row to finish, not for row 0 (which then waited its 100 s turns). Closing releases
        // the waiting rows at once, so the test stays short.
        using var submitter = Submitter(rate: 0.01);
        var rows = Enumerable.Range(0, 8).Select(i => submitter.SubmitAsync(Row(i), default)).ToList();
        var first = rows.IndexOf(await Task.WhenAny(rows));
        submitter.Close();
        var outcomes = new List<(int Row, string? JobId, string? ErrorId)>();
        for (var i = 0; i < rows.Count; i++)
        {
            try { outcomes.Add((i, (await rows[i]).JobId, null)); }
            catch (GcException ex) { outcomes.Add((i, null, ex.ErrorId)); }
        }
        var submitted = outcomes.Where(o => o.JobId is not null).ToList();
        var unsent = outcomes.Where(o => o.ErrorId == ErrorIds.BatchSubmitNotAttempted).ToList();
        Assert.Equal(rows.Count, submitted.Count + unsent.Count); // every row has a fate, and only these two
        Assert.Equal([first], submitted.Select(o => o.Row)); // the rest were still waiting for their turn
        await Task.Delay(1500); // nothing left behind keeps submitting after the close
        Assert.Equal(submitted.Count, TopLevelJobs());
    }

    [Fact]
    public async Task APrefixThePlatformsJobRoleCannotWriteIsRefusedBeforeSubmitting()
    {
        const string role = "arn:aws:iam::123456789012:role/geoschem-job";
        var definition = await BatchTestKit.RegisterAsync(_batch, BatchTestKit.Spec("gc-role") with { JobRoleArn = role });
        var results = ResultsLocation.From(new Models.GcDeployment { ResultsBucket = "geoschem-results-123", JobRoleArn = role })!;
        using var submitter = new JobSubmitter(_batch, new BatchDirectory(_batch),
            new SubmitOptions { RatePerSecond = 100_000, LookupSettleDelay = TimeSpan.Zero, Results = results }, NullAwsCallObserver.Instance);
        var row = new SubmissionSpec { Name = "elsewhere", Queue = "geoschem-spot", Definition = definition, RunDirectory = "s3://geoschem-results-123/runs/a/" };

        // The role reads runs/ but writes only results/: restarts beside the run directory would fail to save.
        var error = await Assert.ThrowsAsync<GcException>(() => submitter.SubmitAsync(row, default));
        Assert.Equal((ErrorIds.OutputPrefixNotWritable, GcErrorKind.InvalidArgument), (error.ErrorId, error.Kind));
        Assert.Contains("s3://geoschem-results-123/runs/a/Restarts/", error.Problem);
        error = await Assert.ThrowsAsync<GcException>(() => submitter.SubmitAsync(row with { OutputPrefix = "s3://another-bucket/out/" }, default));
        Assert.Contains("-OutputPrefix s3://another-bucket/out/", error.Problem);
        Assert.Equal(0, TopLevelJobs());

        var job = await submitter.SubmitAsync(row with { OutputPrefix = results.DefaultOutputPrefix("elsewhere") }, default);
        Assert.Equal("s3://geoschem-results-123/results/elsewhere/Restarts/", job.RestartPrefix);
        // A definition with a role whose grants are not known here is not second-guessed.
        var other = await BatchTestKit.RegisterAsync(_batch, BatchTestKit.Spec("gc-other-role") with { JobRoleArn = "arn:aws:iam::123456789012:role/mine" });
        Assert.NotNull(await submitter.SubmitAsync(row with { Definition = other, OutputPrefix = "s3://another-bucket/out/" }, default));
    }
}
