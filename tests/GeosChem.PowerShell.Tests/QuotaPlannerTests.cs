using System.Runtime.CompilerServices;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Aws.ServiceQuotas;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Tests;

public sealed class QuotaPlannerTests
{
    private sealed class FakeQuotas(Dictionary<string, double> values) : IServiceQuotasClient
    {
        public int Reads { get; private set; }
        public string Region => "us-east-1";

        public Task<ServiceQuota> GetServiceQuotaAsync(string serviceCode, string quotaCode, CancellationToken cancellationToken)
        {
            Reads++;
            return Task.FromResult(new ServiceQuota { ServiceCode = serviceCode, QuotaCode = quotaCode, QuotaName = "q " + quotaCode, Value = values[quotaCode], Adjustable = true, Unit = "None" });
        }

        public Task<ServiceQuota> GetAwsDefaultServiceQuotaAsync(string s, string q, CancellationToken c) => throw new NotSupportedException();

        public async IAsyncEnumerable<ServiceQuota> ListServiceQuotasAsync(string serviceCode, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            foreach (var code in values.Keys) yield return await GetServiceQuotaAsync(serviceCode, code, cancellationToken);
        }

        public Task<RequestedServiceQuotaChange> RequestServiceQuotaIncreaseAsync(string s, string q, double d, CancellationToken c) => throw new NotSupportedException();
        public IAsyncEnumerable<RequestedServiceQuotaChange> ListRequestHistoryAsync(string? s, string? q, string? st, CancellationToken c) => throw new NotSupportedException();
    }

    private sealed class FakeEc2(params ActiveInstance[] instances) : IEc2Gateway
    {
        public Task<IReadOnlyList<string>> DescribeLaunchTemplateInterfaceTypesAsync(string? launchTemplateId, string? launchTemplateName, string? version, CancellationToken cancellationToken) =>
            throw new NotSupportedException("quota planning reads no launch templates");

        public List<string> AskedTypes { get; } = [];
        public int InstanceReads { get; private set; }
        public bool DenyListing { get; init; }

        public Task<IReadOnlyList<ActiveInstance>> DescribeActiveInstancesAsync(CancellationToken cancellationToken)
        {
            InstanceReads++;
            if (DenyListing)
            {
                throw new AwsServiceException("GcAwsAccessDenied", GcErrorKind.PermissionDenied, "denied", "Allow ec2:DescribeInstances.",
                    "EC2", "DescribeInstances", "UnauthorizedOperation", "req-1", 403);
            }
            return Task.FromResult<IReadOnlyList<ActiveInstance>>(instances);
        }

        public Task<IReadOnlyList<SpotQuote>> DescribeCurrentSpotPricesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken) =>
            throw new NotSupportedException("the planner never asks for Spot prices");

        public Task<IReadOnlyList<InstanceTypeFacts>> DescribeInstanceTypesAsync(IReadOnlyCollection<string> instanceTypes, CancellationToken cancellationToken)
        {
            AskedTypes.AddRange(instanceTypes);
            var known = instanceTypes.Where(t => t == "c9z.4xlarge").Select(t => new InstanceTypeFacts(t, 16, 8, 32, ["x86_64"])).ToList();
            if (known.Count < instanceTypes.Count) throw new GcException("GcInstanceTypeUnknown", GcErrorKind.ObjectNotFound, "unknown", null);
            return Task.FromResult<IReadOnlyList<InstanceTypeFacts>>(known);
        }
    }

    private static readonly Dictionary<string, double> Values = new() { ["L-1216C47A"] = 256, ["L-34B43A08"] = 128, ["L-F7808C92"] = 0, ["L-0263D0A3"] = 5 };

    private static QuotaPlanner Planner(FakeQuotas quotas, FakeEc2 ec2) => new(quotas, ec2, QuotaClassCatalog.Default, InstanceCatalog.Default);

    [Fact]
    public async Task UsageIsVCpusByLifecycleNotInstanceCounts()
    {
        var ec2 = new FakeEc2(
            new("i-1", "c7i.16xlarge", false, "running"),  // 64 vCPU On-Demand Standard
            new("i-2", "m6a.2xlarge", false, "pending"),   // 8 vCPU On-Demand Standard
            new("i-3", "c5.4xlarge", true, "running"),     // 16 vCPU Spot Standard
            new("i-4", "hpc7a.96xlarge", false, "running")); // 192 vCPU HPC
        var planner = Planner(new FakeQuotas(Values), ec2);
        var standard = await planner.GetQuotaAsync("L-1216C47A", default);
        var spot = await planner.GetQuotaAsync("L-34B43A08", default);
        var hpc = await planner.GetQuotaAsync("L-F7808C92", default);
        Assert.Equal((72.0, 184.0, 28.1), (standard.Usage!.Value, standard.Available!.Value, standard.PercentUsed!.Value));
        Assert.Equal((16.0, "Spot"), (spot.Usage!.Value, spot.PricingModel));
        Assert.Equal((192.0, 0.0, 100.0), (hpc.Usage!.Value, hpc.Available!.Value, hpc.PercentUsed!.Value));
        Assert.Equal(1, ec2.InstanceReads); // running instances read once for all quotas
        Assert.Empty(ec2.AskedTypes);        // all in the catalog
    }

    [Fact]
    public async Task ManyInstancesOfOneTypeAreEachCounted()
    {
        var ec2 = new FakeEc2(
            new("i-1", "c7i.16xlarge", false, "running"),
            new("i-2", "c7i.16xlarge", false, "running"),
            new("i-3", "C7I.16XLARGE", false, "pending"));
        var quota = await Planner(new FakeQuotas(Values), ec2).GetQuotaAsync("L-1216C47A", default);
        Assert.Equal(192, quota.Usage);
    }

    [Fact]
    public async Task WhenInstancesCannotBeListedQuotaValuesStillComeIfUsageIsOptional()
    {
        var ec2 = new FakeEc2 { DenyListing = true };
        var tolerant = new QuotaPlanner(new FakeQuotas(Values), ec2, QuotaClassCatalog.Default, InstanceCatalog.Default, usageOptional: true);
        var quota = await tolerant.GetQuotaAsync("L-1216C47A", default);
        Assert.Equal(256, quota.Value);
        Assert.Null(quota.Usage);
        Assert.Null(quota.Available);
        Assert.Equal("Standard", quota.InstanceClass);
        Assert.Contains("ec2:DescribeInstances", tolerant.UsageUnavailable);
        await tolerant.GetQuotaAsync("L-34B43A08", default);
        Assert.Equal(1, ec2.InstanceReads); // the denial is remembered, not retried per quota

        var strict = Planner(new FakeQuotas(Values), new FakeEc2 { DenyListing = true });
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => strict.CheckAsync("c5.large", 1, false, default));
        Assert.Equal(GcErrorKind.PermissionDenied, error.Kind);
    }

    [Fact]
    public async Task QuotasThatAreNotVCpuQuotasHaveNoUsage()
    {
        var quota = await Planner(new FakeQuotas(Values), new FakeEc2()).GetQuotaAsync("L-0263D0A3", default);
        Assert.Null(quota.Usage);
        Assert.Null(quota.InstanceClass);
    }

    [Fact]
    public async Task ShortPlanSaysExactlyWhatToRequest()
    {
        var planner = Planner(new FakeQuotas(Values), new FakeEc2(new ActiveInstance("i-1", "c7i.16xlarge", false, "running")));
        var check = await planner.CheckAsync("c7i.48xlarge", 2, spot: false, default);
        Assert.Equal(384, check.RequiredVCpus);
        Assert.Equal(192, check.Available);
        Assert.False(check.Sufficient);
        Assert.Equal(192, check.Shortfall);
        Assert.Equal(448, check.DesiredValue); // 256 + 192
        Assert.Contains("Request-GcQuotaIncrease -QuotaCode L-1216C47A -DesiredValue 448 -Region us-east-1", check.Advice);
    }

    [Fact]
    public async Task SufficientPlanHasNoDesiredValue()
    {
        var check = await Planner(new FakeQuotas(Values), new FakeEc2()).CheckAsync("c6i.32xlarge", 1, spot: true, default);
        Assert.True(check.Sufficient);
        Assert.Equal("L-34B43A08", check.QuotaCode);
        Assert.Null(check.DesiredValue);
        Assert.Equal(0, check.Shortfall);
    }

    [Fact]
    public async Task TypesOutsideTheCatalogAreAskedOfEc2AndUnknownOnesRejected()
    {
        var ec2 = new FakeEc2();
        var planner = Planner(new FakeQuotas(Values), ec2);
        var check = await planner.CheckAsync("c9z.4xlarge", 3, false, default);
        Assert.Equal(48, check.RequiredVCpus);
        Assert.Contains("c9z.4xlarge", ec2.AskedTypes);
        var error = await Assert.ThrowsAsync<GcException>(() => planner.CheckAsync("c7i.99xlarge", 1, false, default));
        Assert.Equal("GcInstanceTypeUnknown", error.ErrorId);
    }

    [Fact]
    public async Task HpcHasNoSpotQuota()
    {
        var error = await Assert.ThrowsAsync<GcException>(() => Planner(new FakeQuotas(Values), new FakeEc2()).CheckAsync("hpc7g.16xlarge", 1, spot: true, default));
        Assert.Equal("GcSpotNotAvailable", error.ErrorId);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task CountMustBePositive(int count)
    {
        var error = await Assert.ThrowsAsync<GcException>(() => Planner(new FakeQuotas(Values), new FakeEc2()).CheckAsync("c5.large", count, false, default));
        Assert.Equal("GcCountInvalid", error.ErrorId);
    }

    [Theory]
    [InlineData("c7gn.16xlarge", "Standard")]
    [InlineData("m8g.large", "Standard")]
    [InlineData("r7iz.2xlarge", "Standard")]
    [InlineData("hpc7g.16xlarge", "HPC")]
    [InlineData("hpc6id.32xlarge", "HPC")]
    [InlineData("x2idn.16xlarge", "X")]
    [InlineData("g5.xlarge", "G and VT")]
    [InlineData("p4d.24xlarge", "P")]
    [InlineData("inf2.xlarge", "Inf")]
    [InlineData("u-6tb1.56xlarge", "High Memory")]
    [InlineData("dl1.24xlarge", "DL")]
    public void FamiliesMapToTheirQuotaClass(string instanceType, string expected) =>
        Assert.Equal(expected, QuotaClassCatalog.Default.Classify(instanceType)?.Name);

    [Fact]
    public void MacHasNoVCpuQuota() => Assert.Null(QuotaClassCatalog.Default.Classify("mac2.metal"));

    [Fact]
    public void EveryCatalogTypeHasAQuotaClass()
    {
        Assert.True(InstanceCatalog.Default.Specs.Count >= 270);
        Assert.All(InstanceCatalog.Default.Specs, s => Assert.NotNull(QuotaClassCatalog.Default.Classify(s.InstanceType)));
    }

    [Theory]
    [InlineData("l-1216c47a", "L-1216C47A")]
    [InlineData(" L-34B43A08 ", "L-34B43A08")]
    public void QuotaCodesAreNormalised(string input, string expected) => Assert.Equal(expected, QuotaCodes.Normalize(input));

    [Theory]
    [InlineData("L-123")]
    [InlineData("1216C47A")]
    [InlineData("L-1216C47G")]
    [InlineData("")]
    public void MalformedQuotaCodesAreRejected(string code) =>
        Assert.Equal("GcQuotaCodeInvalid", Assert.Throws<GcException>(() => QuotaCodes.Normalize(code)).ErrorId);

    [Fact]
    public async Task APlanAboveTheQuotaOfItsInstanceClassIsNamedWithTheQuotaAndHowToAskForMore()
    {
        var planner = Planner(new FakeQuotas(Values), new FakeEc2());
        // 2 x c7a.48xlarge On-Demand = 384 vCPUs against the Standard On-Demand quota of 256.
        var warning = await planner.PlanWarningAsync(["c7a.48xlarge"], 384, spot: false, "gchp-c90", default);
        Assert.NotNull(warning);
        Assert.Contains("Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances' (L-1216C47A) of 256 vCPUs", warning);
        Assert.Contains("Request-GcQuotaIncrease -QuotaCode L-1216C47A -DesiredValue 384 -Region us-east-1", warning);
        // The same plan on Spot meets the Spot quota (128); what fits gets no warning; HPC has no Spot quota to compare with.
        Assert.Contains("L-34B43A08", await planner.PlanWarningAsync(["c7a.48xlarge"], 384, spot: true, "x", default));
        Assert.Null(await planner.PlanWarningAsync(["c7a.48xlarge"], 192, spot: false, "x", default));
        Assert.Null(await planner.PlanWarningAsync(["hpc7a.96xlarge"], 192, spot: true, "x", default));
        // HPC On-Demand quota 0: any HPC plan is above it.
        Assert.Contains("L-F7808C92", await planner.PlanWarningAsync(["hpc7a.96xlarge"], 192, spot: false, "x", default));
        // A container definition names no type: the families of its environments decide, when they share one quota.
        Assert.Contains("L-34B43A08", await planner.PlanWarningAsync(["c7i", "m7i", "optimal"], 192, spot: true, "x", default));
        Assert.Null(await planner.PlanWarningAsync(["c7i", "hpc7a"], 4096, spot: false, "x", default));
    }
}
