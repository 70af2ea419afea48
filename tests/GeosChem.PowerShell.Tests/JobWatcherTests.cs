using GeosChem.AwsEmulator.Batch;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

/// <summary>Monitoring, Spot fallback, logs and cost, on jobs run by the emulator.</summary>
public sealed class JobWatcherTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private BatchClient _batch = null!;
    private JobSubmitter _submitter = null!;
    private string _definition = "";

    public async Task InitializeAsync()
    {
        fixture.Emulator.State.Reset();
        fixture.Emulator.Faults.Reset();
        _batch = BatchTestKit.Batch(TestContexts.For(fixture.Emulator));
        _definition = await BatchTestKit.RegisterAsync(_batch);
        lock (fixture.Emulator.State.Region(AwsEmulator.EmulatorCredentials.Default.AccountId, "us-east-1").Gate) BatchTestKit.World(fixture.Emulator).SubmitRatePerSecond = 100_000;
        _submitter = new JobSubmitter(_batch, new BatchDirectory(_batch), new SubmitOptions { RatePerSecond = 100_000, LookupSettleDelay = TimeSpan.Zero }, NullAwsCallObserver.Instance);
    }

    public Task DisposeAsync()
    {
        _submitter.Dispose();
        return Task.CompletedTask;
    }

    private SubmissionSpec Row(string name) => new() { Name = name, Queue = "geoschem-spot", Definition = _definition, RunDirectory = $"s3://bucket/{name}/" };

    /// <summary>Runs a watch while a background loop moves the emulator clock, so jobs progress between polls.</summary>
    private async Task<List<WatchEvent>> WatchWithClock(JobWatcher watcher, IReadOnlyList<string> ids, double secondsPerTick = 20, TimeSpan? timeout = null)
    {
        using var stop = new CancellationTokenSource();
        var clock = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(secondsPerTick));
                await Task.Delay(5);
            }
        });
        var events = new List<WatchEvent>();
        await foreach (var e in watcher.WatchAsync(ids, TimeSpan.FromMilliseconds(20), timeout, default)) events.Add(e);
        stop.Cancel();
        await clock;
        return events;
    }

    [Fact]
    public async Task PollingCostsOneDescribeJobsPer100JobsPerCycle()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 60);
        var jobs = await Task.WhenAll(Enumerable.Range(0, 250).Select(i => _submitter.SubmitAsync(Row($"poll-{i}"), default)));
        var watcher = new JobWatcher(_batch, null);
        var before = fixture.Emulator.Received("DescribeJobs");
        var events = await WatchWithClock(watcher, [.. jobs.Select(j => j.JobId)]);
        var polls = events.OfType<WatchEvent.Progress>().Count();
        Assert.Equal(250, events.OfType<WatchEvent.Finished>().Count());
        Assert.All(events.OfType<WatchEvent.Finished>(), f => Assert.Equal("SUCCEEDED", f.Job.Status));
        // Finished jobs leave the poll, so cycles cost at most ceil(250/100) = 3 calls and never one per job.
        var calls = fixture.Emulator.Received("DescribeJobs") - before;
        Assert.Equal(watcher.DescribeCalls, calls);
        Assert.True(calls <= 3 * polls, $"{calls} calls in {polls} polls");
        Assert.True(calls < 250, $"{calls} calls for 250 jobs");
        var last = events.OfType<WatchEvent.Progress>().Last();
        Assert.Equal((250, 250, 250), (last.Total, last.Done, last.Counts["SUCCEEDED"]));
    }

    [Fact]
    public async Task ASpotJobReclaimedTooOftenMovesOnDemandAndTheChainIsRecorded()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 60, new JobScenario { NamePattern = "fragile", SpotReclaims = 10 });
        var job = await _submitter.SubmitAsync(Row("fragile") with { FallbackToOnDemand = true, MaxSpotReclaims = 2 }, default);
        var watcher = new JobWatcher(_batch, _submitter.SubmitAsync);
        var events = await WatchWithClock(watcher, [job.JobId]);

        var fellBack = Assert.Single(events.OfType<WatchEvent.FellBack>());
        Assert.Equal(job.JobId, fellBack.SpotJob.JobId);
        Assert.Equal(2, fellBack.SpotJob.SpotReclaims);
        Assert.Equal(fellBack.OnDemandJob.JobId, fellBack.SpotJob.ResubmittedAs);
        var final = Assert.Single(events.OfType<WatchEvent.Finished>()).Job;
        Assert.Equal((fellBack.OnDemandJob.JobId, "SUCCEEDED", "geoschem-ondemand"), (final.JobId, final.Status, final.JobQueue));
        Assert.Equal(job.JobId, final.PreviousJobId);
        Assert.Equal("s3://bucket/fragile/Restarts/", final.RestartPrefix); // resumes from the same restarts
    }

    [Fact]
    public async Task ATimeoutReportsTheUnfinishedJobsAndAMissingIdIsReported()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 1_000_000);
        var job = await _submitter.SubmitAsync(Row("forever"), default);
        var watcher = new JobWatcher(_batch, null);
        var events = new List<WatchEvent>();
        var ghost = "8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f";
        await foreach (var e in watcher.WatchAsync([job.JobId, ghost], TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(300), default)) events.Add(e);
        Assert.Equal(ghost, Assert.Single(events.OfType<WatchEvent.Missing>()).JobId);
        Assert.Equal(job.JobId, Assert.Single(Assert.Single(events.OfType<WatchEvent.TimedOut>()).Unfinished).JobId);
    }

    [Fact]
    public async Task LogsOfEveryAttemptAreReadInOrderAndTailGivesTheLastLines()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 60, new JobScenario { NamePattern = "logged", SpotReclaims = 1 });
        var submitted = await _submitter.SubmitAsync(Row("logged") with { SimulationStart = new DateTime(2019, 7, 1), SimulationEnd = new DateTime(2019, 8, 1) }, default);
        fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(500));
        var job = BatchJobMapper.FromDetail(Assert.Single(await _batch.DescribeJobsAsync([submitted.JobId], default)), "us-east-1");
        Assert.Equal(2, job.Attempts);
        var reader = new JobLogReader(BatchTestKit.Logs(TestContexts.For(fixture.Emulator)));
        var all = new List<GcJobLogEvent>();
        await foreach (var e in reader.ReadAsync(job, null, null, default)) all.Add(e);
        Assert.Equal([1, 2], all.Select(e => e.Attempt).Distinct());
        Assert.Contains(all, e => e.Attempt == 1 && e.Message.Contains("stopped: Host EC2"));
        Assert.Contains(all, e => e.Attempt == 2 && e.Message.Contains("resuming from s3://bucket/logged/Restarts/GEOSChem.Restart."));
        Assert.EndsWith("GEOS-Chem exited with code 0", all[^1].Message);
        Assert.True(all.Where(e => e.Attempt == 2).Zip(all.Where(e => e.Attempt == 2).Skip(1)).All(p => p.First.Timestamp <= p.Second.Timestamp));

        var tail = new List<GcJobLogEvent>();
        await foreach (var e in reader.ReadAsync(job, null, 3, default)) tail.Add(e);
        Assert.Equal(all.TakeLast(3).Select(e => e.Message), tail.Select(e => e.Message));
    }

    [Fact]
    public async Task FollowingARunningJobYieldsEachLineOnceUntilItEnds()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 60);
        var submitted = await _submitter.SubmitAsync(Row("followed"), default);
        fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(20)); // running, part-way
        var first = BatchJobMapper.FromDetail(Assert.Single(await _batch.DescribeJobsAsync([submitted.JobId], default)), "us-east-1");
        Assert.Equal("RUNNING", first.Status);
        var reader = new JobLogReader(BatchTestKit.Logs(TestContexts.For(fixture.Emulator)));
        var lines = new List<string>();
        var refreshes = 0;
        await foreach (var e in reader.FollowAsync(first, async ct =>
        {
            refreshes++;
            fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(10));
            return BatchJobMapper.FromDetail(Assert.Single(await _batch.DescribeJobsAsync([submitted.JobId], ct)), "us-east-1");
        }, TimeSpan.FromMilliseconds(10), default)) lines.Add(e.Message);
        Assert.True(refreshes >= 3);
        // Two start lines, ten progress lines and the exit line, each once; between them GEOS-Chem's own output, once, in order.
        var entrypoint = lines.Where(l => l.StartsWith("[geoschem-entrypoint]", StringComparison.Ordinal) || l.StartsWith("     - Simulated date", StringComparison.Ordinal)).ToList();
        Assert.Equal(13, entrypoint.Count);
        Assert.Equal(entrypoint.Count, entrypoint.Distinct().Count());
        var printed = BatchTestKit.World(fixture.Emulator).Jobs[submitted.JobId].Attempts[^1].GeosChemLines!.Where(l => l.Length > 0);
        Assert.Equal(printed, lines.Where(l => !entrypoint.Contains(l)));
        Assert.EndsWith("exited with code 0", lines[^1]);
    }

    [Fact]
    public async Task CostIsHoursTimesPriceTimesTheVcpuShareOfTheInstanceEcsReports()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 3600);
        var job = await _submitter.SubmitAsync(Row("priced") with { Queue = "geoschem-ondemand" }, default);
        fixture.Emulator.Clock.Advance(TimeSpan.FromHours(2));
        var detail = Assert.Single(await _batch.DescribeJobsAsync([job.JobId], default));
        var calculator = new JobCostCalculator(new BatchDirectory(_batch), BatchTestKit.Ecs(TestContexts.For(fixture.Emulator)), PriceBook.CatalogOnly,
            InstanceCatalog.Default, "us-east-1", () => DateTime.UtcNow);
        var cost = Assert.Single(await calculator.CostAsync(detail, default));
        var instance = InstanceCatalog.Default.Find(cost.InstanceType!)!;
        Assert.Equal("c7i.4xlarge", cost.InstanceType); // the first type of the environment that fits 8 vCPUs
        Assert.Equal(1.0, cost.Hours, 3);
        Assert.Equal(8.0 / instance.VCpus, cost.Share, 6);
        Assert.Equal(Math.Round(cost.Hours * instance.OnDemandPrices["us-east-1"] * cost.Share, 4), cost.Cost);
        Assert.Contains("from ECS", cost.Method);
        Assert.Equal("OnDemand", cost.PricingModel);

        var spotJob = await _submitter.SubmitAsync(Row("spot-priced"), default);
        fixture.Emulator.Clock.Advance(TimeSpan.FromHours(2));
        var spot = Assert.Single(await calculator.CostAsync(Assert.Single(await _batch.DescribeJobsAsync([spotJob.JobId], default)), default));
        Assert.Equal("Spot", spot.PricingModel);
        Assert.Contains("ceiling", spot.Method); // no Spot price offline: On-Demand is the stated upper bound
    }

    [Fact]
    public async Task TwoWatchersOfOneReclaimedJobLeaveOneOnDemandSuccessorEvenWhenTheyResubmitAtTheSameMoment()
    {
        // Runs long enough (3000 emulated s, about 0.75 s here) that the copy made second is still running when it is found.
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 3000, new JobScenario { NamePattern = "contested", SpotReclaims = 10 });
        var job = await _submitter.SubmitAsync(Row("contested") with { FallbackToOnDemand = true, MaxSpotReclaims = 2 }, default);
        // Both watchers look for a successor, find none, and only then may either SubmitJob go out: the race at its worst.
        var barrier = new SubmitBarrier(_batch, parties: 2);
        var options = new SubmitOptions { RatePerSecond = 100_000, LookupSettleDelay = TimeSpan.FromMilliseconds(200) };
        using var first = new JobSubmitter(barrier, new BatchDirectory(barrier), options, NullAwsCallObserver.Instance);
        using var second = new JobSubmitter(barrier, new BatchDirectory(barrier), options, NullAwsCallObserver.Instance);
        var watches = await Task.WhenAll(
            WatchWithClock(new JobWatcher(barrier, first.SubmitAsync), [job.JobId]),
            WatchWithClock(new JobWatcher(barrier, second.SubmitAsync), [job.JobId]));

        Assert.Equal(2, barrier.Submitted); // both did send one
        Assert.Equal(1, first.DuplicatesCancelled + second.DuplicatesCancelled);
        List<(string Id, string Status, string? Reason)> successors;
        lock (fixture.Emulator.State.Region(AwsEmulator.EmulatorCredentials.Default.AccountId, "us-east-1").Gate)
        {
            successors = [.. BatchTestKit.World(fixture.Emulator).TopLevel
                .Where(j => j.Tags[BatchJobMapper.PreviousJobTag]?.GetValue<string>() == job.JobId)
                .Select(j => (j.JobId, j.Status, j.StatusReason))];
        }
        Assert.Equal(2, successors.Count);
        var kept = Assert.Single(successors, s => s.Status == "SUCCEEDED");
        Assert.Contains("Duplicate On-Demand successor", Assert.Single(successors, s => s.Status == "FAILED").Reason);
        // Both sessions report the same chain: the Spot job, then the one On-Demand job that ran.
        Assert.All(watches, events => Assert.Equal(kept.Id, Assert.Single(events.OfType<WatchEvent.Finished>()).Job.JobId));
        Assert.All(watches, events => Assert.Equal(kept.Id, Assert.Single(events.OfType<WatchEvent.FellBack>()).OnDemandJob.JobId));
    }

    [Fact]
    public async Task AWatchThatMayNotActReportsTheReclaimedJobAndResubmitsNothing()
    {
        BatchTestKit.FastTimings(fixture.Emulator, "us-east-1", 60, new JobScenario { NamePattern = "observed", SpotReclaims = 10 });
        var job = await _submitter.SubmitAsync(Row("observed") with { FallbackToOnDemand = true, MaxSpotReclaims = 2 }, default);
        var watcher = new JobWatcher(_batch, _submitter.SubmitAsync);
        var events = new List<WatchEvent>();
        using var stop = new CancellationTokenSource();
        var clock = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested) { fixture.Emulator.Clock.Advance(TimeSpan.FromSeconds(20)); await Task.Delay(5); }
        });
        await foreach (var e in watcher.WatchAsync([job.JobId], TimeSpan.FromMilliseconds(20), null, default))
        {
            if (e is WatchEvent.FallbackDue due) due.Approved = false; // what -WhatIf answers
            events.Add(e);
        }
        stop.Cancel();
        await clock;
        Assert.Equal(job.JobId, Assert.Single(events.OfType<WatchEvent.FallbackDue>()).SpotJob.JobId);
        Assert.Empty(events.OfType<WatchEvent.FellBack>());
        var finished = Assert.Single(events.OfType<WatchEvent.Finished>()).Job;
        Assert.Equal((job.JobId, "FAILED", 2), (finished.JobId, finished.Status, finished.SpotReclaims));
        lock (fixture.Emulator.State.Region(AwsEmulator.EmulatorCredentials.Default.AccountId, "us-east-1").Gate)
        {
            Assert.Single(BatchTestKit.World(fixture.Emulator).TopLevel); // nothing was resubmitted
        }
    }

    /// <summary>The real client, except that SubmitJob calls wait until <paramref name="parties"/> of them have arrived.</summary>
    private sealed class SubmitBarrier(IBatchClient inner, int parties) : IBatchClient
    {
        private readonly Barrier _barrier = new(parties);
        private int _submitted;

        public int Submitted => _submitted;
        public string Region => inner.Region;

        public async Task<SubmitJobResponse> SubmitJobAsync(SubmitJobRequest request, CancellationToken ct)
        {
            Interlocked.Increment(ref _submitted);
            await Task.Run(() => _barrier.SignalAndWait(TimeSpan.FromSeconds(20), ct), ct);
            return await inner.SubmitJobAsync(request, ct);
        }

        public Task<RegisterJobDefinitionResponse> RegisterJobDefinitionAsync(RegisterJobDefinitionRequest request, CancellationToken ct) => inner.RegisterJobDefinitionAsync(request, ct);
        public IAsyncEnumerable<JobDefinitionShape> DescribeJobDefinitionsAsync(DescribeJobDefinitionsRequest request, CancellationToken ct) => inner.DescribeJobDefinitionsAsync(request, ct);
        public Task<IReadOnlyList<JobDetailShape>> DescribeJobsAsync(IReadOnlyList<string> jobIds, CancellationToken ct) => inner.DescribeJobsAsync(jobIds, ct);
        public IAsyncEnumerable<JobSummaryShape> ListJobsAsync(ListJobsRequest request, CancellationToken ct) => inner.ListJobsAsync(request, ct);
        public Task TerminateJobAsync(string jobId, string reason, CancellationToken ct) => inner.TerminateJobAsync(jobId, reason, ct);
        public Task CancelJobAsync(string jobId, string reason, CancellationToken ct) => inner.CancelJobAsync(jobId, reason, ct);
        public IAsyncEnumerable<JobQueueShape> DescribeJobQueuesAsync(IReadOnlyList<string>? names, CancellationToken ct) => inner.DescribeJobQueuesAsync(names, ct);
        public IAsyncEnumerable<ComputeEnvironmentShape> DescribeComputeEnvironmentsAsync(IReadOnlyList<string>? names, CancellationToken ct) => inner.DescribeComputeEnvironmentsAsync(names, ct);
    }
}
