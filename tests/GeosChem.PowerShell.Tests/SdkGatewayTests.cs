using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Tests;

/// <summary>The served SDK clients (EC2, STS), configured from our context, against the emulator's query protocols.</summary>
public sealed class SdkGatewayTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task DescribeInstancesCountsOnlyPendingAndRunningAcrossPages()
    {
        var emulator = fixture.Emulator;
        emulator.State.Reset();
        emulator.State.MaxPageSize = 5;
        var region = emulator.State.Region(EmulatorCredentials.Default.AccountId, "eu-west-1");
        lock (region.Gate)
        {
            for (var i = 0; i < 12; i++) region.Instances.Add(new InstanceRecord($"i-{i:D17}", "c5.4xlarge", i % 4 == 0 ? "stopped" : "running", i % 3 == 0, DateTime.UtcNow));
        }
        var context = TestContexts.For(emulator, region: "eu-west-1");
        var gateway = new Ec2Gateway(context, SdkClients.Ec2(context));
        var active = await gateway.DescribeActiveInstancesAsync(default);
        Assert.Equal(9, active.Count);
        Assert.Equal(3, active.Count(a => a.IsSpot));
    }

    [Fact]
    public async Task DescribeInstanceTypesKnowsTheCatalogAndRejectsTypos()
    {
        var context = TestContexts.For(fixture.Emulator);
        var gateway = new Ec2Gateway(context, SdkClients.Ec2(context));
        var facts = await gateway.DescribeInstanceTypesAsync(["hpc7g.16xlarge", "c7i.48xlarge"], default);
        Assert.Contains(facts, f => f.InstanceType == "hpc7g.16xlarge" && f.VCpus == 64 && f.Architectures.Contains("arm64"));
        Assert.Contains(facts, f => f.InstanceType == "c7i.48xlarge" && f.VCpus == 192);
        var error = await Assert.ThrowsAsync<GcException>(() => gateway.DescribeInstanceTypesAsync(["c7i.48xlage"], default));
        Assert.Equal("GcInstanceTypeUnknown", error.ErrorId);
    }

    [Fact]
    public async Task CallerIdentityComesFromTheSigningKey()
    {
        var context = TestContexts.For(fixture.Emulator, EmulatorCredentials.Other);
        var identity = await new StsGateway(context, SdkClients.Sts(context)).GetCallerIdentityAsync(default);
        Assert.Equal(EmulatorCredentials.Other.AccountId, identity.Account);
        Assert.EndsWith("user/gc-other", identity.Arn);
    }

    [Fact]
    public async Task SdkClientsAreRejectedForABadSecretToo()
    {
        var context = TestContexts.For(fixture.Emulator, secretOverride: "wrong");
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => new StsGateway(context, SdkClients.Sts(context)).GetCallerIdentityAsync(default));
        Assert.Equal("SignatureDoesNotMatch", error.ErrorCode);
        Assert.Equal(GcErrorKind.AuthenticationError, error.Kind);
    }
}
