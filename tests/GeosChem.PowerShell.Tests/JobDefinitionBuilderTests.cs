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
        Assert.Equal(("*", "EXIT"), (request.RetryStrategy.EvaluateOnExit[1].OnReason, request.RetryStrategy.EvaluateOnExit[1].Action));
    }

    [Fact]
    public void MultiNodeGchpGetsNodeRangesEfaDevicesAndMpiSettings()
    {
        var request = JobDefinitionBuilder.Build(BatchTestKit.Spec("gchp", 64, spot: false) with { Model = "GCHP", NodeCount = 4, InstanceType = "hpc7g.16xlarge", EfaSupported = true });
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
}
