using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

public sealed class JobDefinitionBuilderTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public void AGcClassicDefinitionCarriesWhatGeosChemNeeds()
    {
        var request = JobDefinitionBuilder.Build(BatchTestKit.Spec(vcpus: 16) with { PhysicalCoresPerNode = 8 });
        var c = request.ContainerProperties!;
        var env = c.Environment!.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal("container", request.Type);
        Assert.Equal("8", env["OMP_NUM_THREADS"]);
        Assert.Equal("500m", env["OMP_STACKSIZE"]);
        Assert.Equal(RestartContract.NewestBySimulationTime, env["GC_RESTART_RULE"]);
        Assert.Contains(c.Ulimits!, u => u.Name == "stack" && u.SoftLimit == -1 && u.HardLimit == -1);
        Assert.Equal(["VCPU:16", "MEMORY:15360"], c.ResourceRequirements!.Select(r => $"{r.Type}:{r.Value}"));
        Assert.True(c.LinuxParameters!.InitProcessEnabled);
        Assert.Equal("awslogs", c.LogConfiguration!.LogDriver);
        Assert.Equal(7200, request.Timeout!.AttemptDurationSeconds);
        Assert.Equal(3, request.RetryStrategy!.Attempts);
        Assert.Equal("Host EC2*", request.RetryStrategy.EvaluateOnExit![0].OnStatusReason);
        Assert.Equal("RETRY", request.RetryStrategy.EvaluateOnExit[0].Action);
        Assert.Equal(["CannotPullContainerError*", "ResourceInitializationError*"], request.RetryStrategy.EvaluateOnExit.Skip(1).Take(2).Select(r => r.OnStatusReason));
        Assert.All(request.RetryStrategy.EvaluateOnExit.Take(3), r => Assert.Equal("RETRY", r.Action));
        Assert.Equal(("*", "EXIT"), (request.RetryStrategy.EvaluateOnExit[^1].OnReason, request.RetryStrategy.EvaluateOnExit[^1].Action));
    }

    [Fact]
    public void MultiNodeGchpGetsNodeRangesEfaDevicesAndMpiSettings()
    {
        var request = JobDefinitionBuilder.Build(BatchTestKit.Spec("gchp", 64, spot: false) with { Model = "GCHP", NodeCount = 4, InstanceType = "hpc7g.16xlarge", EfaDevices = true });
        Assert.Equal("multinode", request.Type);
        Assert.Null(request.ContainerProperties);
        Assert.Equal((4, 0), (request.NodeProperties!.NumNodes, request.NodeProperties.MainNode));
        var c = Assert.Single(request.NodeProperties.NodeRangeProperties).Container!;
        Assert.Equal("hpc7g.16xlarge", c.InstanceType);
        Assert.Equal("/dev/infiniband/uverbs0", Assert.Single(c.LinuxParameters!.Devices!).HostPath);
        Assert.Contains(c.Ulimits!, u => u.Name == "memlock");
        var env = c.Environment!.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal(("1", "64", "1"), (env["OMP_NUM_THREADS"], env["GC_MPI_PROCS_PER_NODE"], env["GC_EFA"]));
        Assert.True(env.ContainsKey("GC_MPI_HOSTFILE"));
        Assert.True(c.LinuxParameters.SharedMemorySize >= 1024);
    }

    [Theory]
    [InlineData(96, null, null, "48")]            // no instance type: EC2 has at most two threads per core
    [InlineData(96, "c7i.24xlarge", null, "48")]  // 96 vCPUs are 48 physical cores
    [InlineData(96, "c7a.24xlarge", null, "96")]  // AMD Genoa: one thread per core
    [InlineData(96, null, 48, "48")]              // from a recommendation
    public void SingleNodeGchpRunsOneRankPerPhysicalCoreAndReservesEveryVCpu(int vcpus, string? type, int? cores, string ranks)
    {
        var request = JobDefinitionBuilder.Build(BatchTestKit.Spec("gchp", vcpus) with { Model = "GCHP", InstanceType = type, PhysicalCoresPerNode = cores });
        var c = request.ContainerProperties!;
        var env = c.Environment!.ToDictionary(e => e.Name, e => e.Value);
        Assert.Equal((ranks, "1"), (env["GC_MPI_PROCS_PER_NODE"], env["OMP_NUM_THREADS"]));
        Assert.Equal($"VCPU:{vcpus}", c.ResourceRequirements![0].Type + ":" + c.ResourceRequirements[0].Value);
    }

    [Fact]
    public void MultiNodeOnSpotAndWithoutAnInstanceTypeAreRefused()
    {
        var spot = Assert.Throws<GcException>(() => JobDefinitionBuilder.Build(BatchTestKit.Spec() with { NodeCount = 2, InstanceType = "c7i.48xlarge", Spot = true }));
        Assert.Equal("GcMultiNodeOnSpot", spot.ErrorId);
        var noType = Assert.Throws<GcException>(() => JobDefinitionBuilder.Build(BatchTestKit.Spec(spot: false) with { NodeCount = 2 }));
        Assert.Equal("GcMultiNodeNeedsInstanceType", noType.ErrorId);
    }

    [Fact]
    public async Task ARegisteredDefinitionSatisfiesTheSameRequestAndNotAChangedOne()
    {
        fixture.Emulator.State.Reset();
        var batch = BatchTestKit.Batch(TestContexts.For(fixture.Emulator));
        var request = JobDefinitionBuilder.Build(BatchTestKit.Spec());
        await batch.RegisterJobDefinitionAsync(request, default);
        JobDefinitionShape? stored = null;
        await foreach (var d in batch.DescribeJobDefinitionsAsync(new DescribeJobDefinitionsRequest(JobDefinitionName: "gc-classic", Status: "ACTIVE"), default)) stored = d;
        Assert.NotNull(stored);
        Assert.True(JobDefinitionBuilder.Satisfies(stored!, request));
        Assert.True(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec())));
        Assert.False(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec(vcpus: 16))));
        Assert.False(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec() with { Image = "other:2" })));
        Assert.False(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec() with
        {
            Environment = new Dictionary<string, string> { ["EXTRA"] = "1" },
        })));
        Assert.False(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec() with { TimeoutSeconds = 3600 })));
    }

    [Fact]
    public async Task WithFsxTheContainerMountsTheInputDataReadOnlyAsItsDataRootAndAChangeOfMountIsANewRevision()
    {
        fixture.Emulator.State.Reset();
        var batch = BatchTestKit.Batch(TestContexts.For(fixture.Emulator));
        var request = JobDefinitionBuilder.Build(BatchTestKit.Spec() with { InputDataMount = "/fsx" });
        var c = request.ContainerProperties!;
        var volume = Assert.Single(c.Volumes!);
        Assert.Equal(("geoschem-input-data", "/fsx"), (volume.Name, volume.Host!.SourcePath));
        Assert.Equal(new MountPointShape("/fsx", true, "geoschem-input-data"), Assert.Single(c.MountPoints!));
        Assert.Equal("/fsx", c.Environment!.Single(e => e.Name == "GC_DATA_ROOT").Value);

        var plain = JobDefinitionBuilder.Build(BatchTestKit.Spec()).ContainerProperties!;
        Assert.Null(plain.Volumes);
        Assert.Null(plain.MountPoints);
        Assert.DoesNotContain(plain.Environment!, e => e.Name == "GC_DATA_ROOT"); // the entrypoint stages into its own folder

        // A user's own GC_DATA_ROOT wins; the mount stays.
        var own = JobDefinitionBuilder.Build(BatchTestKit.Spec() with { InputDataMount = "/fsx", Environment = new Dictionary<string, string> { ["GC_DATA_ROOT"] = "/fsx/mirror" } });
        Assert.Equal("/fsx/mirror", own.ContainerProperties!.Environment!.Single(e => e.Name == "GC_DATA_ROOT").Value);

        await batch.RegisterJobDefinitionAsync(request, default);
        JobDefinitionShape? stored = null;
        await foreach (var d in batch.DescribeJobDefinitionsAsync(new DescribeJobDefinitionsRequest(JobDefinitionName: "gc-classic", Status: "ACTIVE"), default)) stored = d;
        Assert.True(JobDefinitionBuilder.Satisfies(stored!, request));
        Assert.False(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec())));
        Assert.False(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec() with { InputDataMount = "/lustre" })));
    }

    [Fact]
    public async Task TheEmulatorStoresADefinitionAsAwsDoesNotAsSent()
    {
        fixture.Emulator.State.Reset();
        var batch = BatchTestKit.Batch(TestContexts.For(fixture.Emulator));
        var request = JobDefinitionBuilder.Build(BatchTestKit.Spec() with { Environment = new Dictionary<string, string> { ["EMPTY"] = "" } });
        await batch.RegisterJobDefinitionAsync(request, default);
        JobDefinitionShape? stored = null;
        await foreach (var d in batch.DescribeJobDefinitionsAsync(new DescribeJobDefinitionsRequest(JobDefinitionName: "gc-classic"), default)) stored = d;

        Assert.Equal(["RETRY", "RETRY", "RETRY", "EXIT"], request.RetryStrategy!.EvaluateOnExit!.Select(r => r.Action));
        Assert.Equal(["retry", "retry", "retry", "exit"], stored!.RetryStrategy!.EvaluateOnExit!.Select(r => r.Action));
        var sent = request.ContainerProperties!.Environment!.Select(e => e.Name).ToList();
        var read = stored.ContainerProperties!.Environment!.Select(e => e.Name).ToList();
        Assert.Contains("EMPTY", sent);
        Assert.DoesNotContain("EMPTY", read);
        Assert.NotEqual(sent.Where(n => n != "EMPTY"), read);
        Assert.Equal(sent.Where(n => n != "EMPTY").Order(), read.Order());
        Assert.Equal(["EC2"], stored.PlatformCapabilities!);
        Assert.NotNull(stored.Parameters);
    }

    [Fact]
    public async Task ComparisonIsByMeaningNotByEcho()
    {
        fixture.Emulator.State.Reset();
        var batch = BatchTestKit.Batch(TestContexts.For(fixture.Emulator));
        var timed = JobDefinitionBuilder.Build(BatchTestKit.Spec() with { TimeoutSeconds = 7200 });
        await batch.RegisterJobDefinitionAsync(timed, default);
        JobDefinitionShape? stored = null;
        await foreach (var d in batch.DescribeJobDefinitionsAsync(new DescribeJobDefinitionsRequest(JobDefinitionName: "gc-classic"), default)) stored = d;

        // Lower-cased actions, a reordered environment and added empty lists are the same definition.
        Assert.True(JobDefinitionBuilder.Satisfies(stored!, timed));
        // An environment variable with an empty value is one AWS drops: no change.
        Assert.True(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec() with
        {
            TimeoutSeconds = 7200, Environment = new Dictionary<string, string> { ["UNSET"] = "" },
        })));
        // Leaving out what the revision has (its timeout) is a change, not "already covered".
        Assert.False(JobDefinitionBuilder.Satisfies(stored!, JobDefinitionBuilder.Build(BatchTestKit.Spec() with { TimeoutSeconds = null })));
        // An action that really differs is a change.
        var exitFirst = timed with
        {
            RetryStrategy = new RetryStrategyShape(timed.RetryStrategy!.Attempts, [new EvaluateOnExitShape { OnReason = "*", Action = "EXIT" }]),
        };
        Assert.False(JobDefinitionBuilder.Satisfies(stored!, exitFirst));
    }

    [Theory]
    [InlineData("CannotPullContainerError: Error response from daemon: toomanyrequests", null, "RETRY")]
    [InlineData("ResourceInitializationError: unable to pull secrets or registry auth", null, "RETRY")]
    [InlineData("Host EC2 (instance i-0abc) terminated.", null, "RETRY")]
    [InlineData("Essential container in task exited", 1, "EXIT")]
    public void TransientStartFailuresAndReclaimsAreRetriedAndModelErrorsAreNot(string statusReason, int? exitCode, string expected)
    {
        var rules = JobDefinitionBuilder.Build(BatchTestKit.Spec()).RetryStrategy!.EvaluateOnExit!
            .Select(r => new GeosChem.AwsEmulator.Batch.RetryRule(r.OnStatusReason, r.OnReason, r.OnExitCode, r.Action)).ToList();
        var attempt = new GeosChem.AwsEmulator.Batch.BatchAttempt
        {
            Number = 1, InstanceType = "c7i.4xlarge", ContainerInstanceArn = "arn", TaskArn = "arn", LogStreamName = "s",
            StatusReason = statusReason, Reason = exitCode is null ? null : "exit", ExitCode = exitCode,
        };
        Assert.Equal(expected, GeosChem.AwsEmulator.Batch.BatchWorld.RetryDecision(rules, attempt));
    }

    [Theory]
    [InlineData("c7i.48xlarge", 96, true)]     // half of a hyper-threaded instance: Batch may pack a neighbour on the sibling threads
    [InlineData("c7i.48xlarge", 192, false)]   // the whole instance: nothing else is placed there
    [InlineData("hpc7a.96xlarge", 64, false)]  // one thread per core: no sibling threads to share
    [InlineData(null, 64, false)]              // no instance type named: nothing known to warn about
    public void AJobThatLeavesPartOfAHyperThreadedInstanceFreeIsToldItMayShareCores(string? type, int vcpus, bool warned)
    {
        var warning = CoreSharing.Warning(BatchTestKit.Spec("gc", vcpus, spot: false) with { InstanceType = type });
        Assert.Equal(warned, warning is not null);
        if (warned) Assert.Contains("hyper-threading", warning);
    }
}
