using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// The emulated platform is shaped as terraform/ makes it (one architecture per compute environment, EFA only from the
/// multi-node launch template) and its ECR refuses what AWS refuses; the module reads both the way AWS gives them.
/// </summary>
public sealed class EmulatedPlatformTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private AwsContext Context => TestContexts.For(fixture.Emulator);

    private async Task<List<ComputeEnvironmentShape>> EnvironmentsAsync()
    {
        var all = new List<ComputeEnvironmentShape>();
        await foreach (var e in BatchTestKit.Batch(Context).DescribeComputeEnvironmentsAsync(null, default)) all.Add(e);
        return all;
    }

    private EfaPlacement.InterfaceReader Interfaces()
    {
        var ec2 = new Ec2Gateway(Context, SdkClients.Ec2(Context));
        return (t, ct) => ec2.DescribeLaunchTemplateInterfaceTypesAsync(t.LaunchTemplateId, t.LaunchTemplateName, t.Version, ct);
    }

    [Fact]
    public async Task EachSeededComputeEnvironmentHasOneArchitectureAndSaysItsLaunchTemplate()
    {
        fixture.Emulator.State.Reset();
        var environments = await EnvironmentsAsync();
        Assert.Equal(["geoschem-arm64-ce", "geoschem-multinode-ce", "geoschem-ondemand-ce", "geoschem-spot-ce"],
            environments.Select(e => e.ComputeEnvironmentName).Order(StringComparer.Ordinal));
        foreach (var e in environments)
        {
            var architectures = e.ComputeResources!.InstanceTypes!.Select(t => InstanceCatalog.Default.Find(t)!.Architecture).Distinct().ToList();
            Assert.True(architectures.Count == 1, $"{e.ComputeEnvironmentName} mixes {string.Join(" and ", architectures)}");
            Assert.NotNull(e.ComputeResources.LaunchTemplate?.LaunchTemplateId);
        }
        Assert.Equal("geoschem-multinode", environments.Single(e => e.ComputeEnvironmentName == "geoschem-multinode-ce").ComputeResources!.PlacementGroup);
    }

    [Fact]
    public async Task TheLaunchTemplatesInterfacesComeBackThroughTheSdk()
    {
        var ec2 = new Ec2Gateway(Context, SdkClients.Ec2(Context));
        Assert.Equal(["efa"], await ec2.DescribeLaunchTemplateInterfaceTypesAsync(LaunchTemplateRecord.MultiNodeId, null, "1", default));
        Assert.Empty(await ec2.DescribeLaunchTemplateInterfaceTypesAsync(LaunchTemplateRecord.BatchId, null, "1", default));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => ec2.DescribeLaunchTemplateInterfaceTypesAsync("lt-0000000000000dead", null, "1", default));
        Assert.Equal("InvalidLaunchTemplateId.NotFound", error.ErrorCode);
    }

    [Theory]
    [InlineData("hpc7a.96xlarge", 2, true, null)]             // the multi-node environment's template has an EFA interface
    [InlineData("c7i.48xlarge", 2, false, "geoschem-ondemand-ce")] // EFA-capable type, but its environment's template has none
    [InlineData("c7i.16xlarge", 2, false, "has no EFA")]          // the type cannot have EFA at all
    [InlineData("hpc7g.16xlarge", 2, false, "no compute environment")] // not offered here
    [InlineData("hpc7a.96xlarge", 1, false, null)]              // single node: no EFA needed, nothing to say
    public async Task EfaDevicesFollowTheEnvironmentsLaunchTemplateNotTheInstanceType(string type, int nodes, bool devices, string? warningMentions)
    {
        fixture.Emulator.State.Reset();
        var decision = await EfaPlacement.DecideAsync("gchp", nodes, type, await EnvironmentsAsync(), Interfaces(), default);
        Assert.Equal(devices, decision.Devices);
        if (warningMentions is null) Assert.Null(decision.Warning);
        else Assert.Contains(warningMentions, decision.Warning);
        if (decision.Warning is not null) Assert.Contains("TCP", decision.Warning);
    }

    [Fact]
    public async Task ImmutableRepositoriesRefuseAnExistingTagLikeEcr()
    {
        fixture.Emulator.State.Reset();
        var ecr = new AwsProtocolClient(AwsServiceDescriptor.Ecr, Context, AwsJson.CamelCase);
        await ecr.CallJsonAsync<object>("CreateRepository", new { repositoryName = "locked", imageTagMutability = "IMMUTABLE" }, default);
        await ecr.CallJsonAsync<object>("CreateRepository", new { repositoryName = "open" }, default);
        foreach (var repository in new[] { "locked", "open" })
        {
            await ecr.CallJsonAsync<object>("PutImage", new { repositoryName = repository, imageManifest = "{\"layers\":[1]}", imageTag = "v1" }, default);
        }

        var refused = await Assert.ThrowsAsync<AwsServiceException>(() =>
            ecr.CallJsonAsync<object>("PutImage", new { repositoryName = "locked", imageManifest = "{\"layers\":[2]}", imageTag = "v1" }, default));
        Assert.Equal("ImageTagAlreadyExistsException", refused.ErrorCode);
        await ecr.CallJsonAsync<object>("PutImage", new { repositoryName = "open", imageManifest = "{\"layers\":[2]}", imageTag = "v1" }, default);

        var region = fixture.Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-east-1");
        lock (region.Gate)
        {
            Assert.Single(region.Repositories["locked"].Images); // the first image keeps its tag
            Assert.Equal([[], ["v1"]], region.Repositories["open"].Images.Select(i => i.Tags.ToArray()).ToArray()); // the tag moved
        }
    }
}
