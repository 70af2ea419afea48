using System.Text.Json;
using System.Text.Json.Nodes;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Tests;

public sealed class ConfigurationTests
{
    private static JsonObject Schema() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(Root(), "docs", "configuration.schema.json")))!.AsObject();

    private static string Root([System.Runtime.CompilerServices.CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));

    [Fact]
    public void ThePublishedSchemaNamesExactlyTheSettingsTheModuleWrites()
    {
        var full = new GcConfiguration { Region = "us-east-1", Profile = "p", Deployed = new GcDeployment { Region = "us-east-1", VpcId = "vpc-1", DeployedAt = DateTime.UtcNow } };
        full.Budget.MonthlyUsd = 1;
        full.Budget.PerJobUsd = 1;
        full.Budget.AlertEmail = "someone@example.org";
        full.Network.ExistingVpcId = "vpc-0123456789abcdef0";
        full.Defaults.JobQueue = full.Defaults.Image = full.Defaults.Simulation = full.Defaults.Resolution = "x";
        full.Terraform.StateBucket = full.Terraform.StateKey = full.Terraform.WorkingDirectory = "x";
        full.Deployed!.EcrRepository = full.Deployed.EcrRepositoryUri = full.Deployed.ResultsBucket = full.Deployed.LogGroup = "x";
        full.Deployed.SpotJobQueue = full.Deployed.OnDemandJobQueue = full.Deployed.JobRoleArn = full.Deployed.BuilderInstanceProfile = "x";
        full.Deployed.MaxVCpus = full.Deployed.FsxLustreGiB = 1;
        full.Deployed.InputDataMount = "/fsx";
        full.Deployed.BudgetName = "geoschem-monthly";
        var written = JsonSerializer.SerializeToNode(full, ConfigurationStore.Json)!.AsObject();
        Compare(written, Schema(), "");
    }

    private static void Compare(JsonObject written, JsonObject schema, string at)
    {
        var properties = schema["properties"]!.AsObject();
        Assert.Equal(properties.Select(p => p.Key).Order(StringComparer.Ordinal), written.Select(p => p.Key).Order(StringComparer.Ordinal));
        foreach (var (key, value) in written)
        {
            if (value is JsonObject child) Compare(child, properties[key]!.AsObject(), at + key + ".");
        }
    }

    [Fact]
    public void ASaveIsAtomicAndReadsBack()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"gc-config-{Guid.NewGuid():N}");
        var path = Path.Combine(dir, "config.json");
        try
        {
            var c = new GcConfiguration { Region = "eu-west-1" };
            ConfigurationStore.Save(c, path);
            File.WriteAllText(path + ".partial", "{ broken"); // a crash mid-write would leave only a stray temporary file
            Assert.Equal("eu-west-1", ConfigurationStore.Load(path)!.Region);
            Assert.Single(Directory.GetFiles(dir, "*.tmp", SearchOption.TopDirectoryOnly).Concat(Directory.GetFiles(dir, "config.json")));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("10.42.0.0/16", "10.42.128.0/17", true)]
    [InlineData("10.42.0.0/16", "10.43.0.0/16", false)]
    [InlineData("172.31.0.0/16", "172.16.0.0/12", true)]
    [InlineData("192.168.1.0/24", "192.168.2.0/24", false)]
    public void CidrOverlapIsWorkedOutOnTheBits(string a, string b, bool overlap) => Assert.Equal(overlap, ConfigurationValidator.Overlaps(a, b));

    [Fact]
    public void OffsetCidrsAndHostBitsAreRefused()
    {
        Assert.False(ConfigurationValidator.TryParseCidr("10.42.0.1/16", out _, out _));
        Assert.False(ConfigurationValidator.TryParseCidr("10.42.0.0", out _, out _));
        Assert.True(ConfigurationValidator.TryParseCidr("10.42.0.0/16", out _, out var prefix));
        Assert.Equal(16, prefix);
    }

    [Fact]
    public void ASetOnAPathTheSchemaLacksIsRefusedAndANullableSettingCanBeSet()
    {
        var c = new GcConfiguration { Region = "us-east-1" };
        Assert.Equal("GcConfigurationUnknownKey", Assert.Throws<Errors.GcException>(() => ConfigurationEditor.Set(c, "compute.cores", 4)).ErrorId);
        Assert.Equal(500, ConfigurationEditor.Set(c, "budget.monthlyUsd", 500).Budget.MonthlyUsd);
        Assert.Equal("q", ConfigurationEditor.Set(c, "Defaults.JobQueue", "q").Defaults.JobQueue);
        Assert.Equal(["c7i", "c6i"], ConfigurationEditor.Set(c, "compute.spotInstanceTypes", new[] { "c7i", "c6i" }).Compute.SpotInstanceTypes);
    }

    private static List<GcConfigurationIssue> Issues(Action<GcConfiguration> change)
    {
        var c = new GcConfiguration { Region = "us-east-1" };
        change(c);
        return ConfigurationValidator.Check(c, _ => true);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1200, false)]
    [InlineData(2400, false)]
    [InlineData(4800, false)]
    [InlineData(1000, true)]
    [InlineData(1300, true)]
    [InlineData(3600, true)]
    [InlineData(-2400, true)]
    public void FsxSizesAreLustresScratch2Sizes(int gib, bool refused)
    {
        var issues = Issues(c => c.Storage.FsxLustreGiB = gib).Where(i => i.Setting == "storage.fsxLustreGiB").ToList();
        Assert.Equal(refused, issues.Any(i => i.Severity == IssueSeverity.Error));
        if (gib > 0 && !refused) Assert.Contains(issues, i => i.Severity == IssueSeverity.Warning && i.Problem.Contains($"{gib * 0.14:0} USD a month"));
        if (gib == 1300) Assert.Contains("2400 GiB", issues.Single().Fix);
    }

    [Theory]
    [InlineData("hpc7a", "exact sizes")]                 // a family: Batch could launch sizes without EFA
    [InlineData("c7i.16xlarge", "does not support EFA")]  // the catalog says no EFA
    [InlineData("hpc7g.16xlarge", "share one architecture")] // arm64 beside the x86_64 On-Demand environment in one queue
    [InlineData("hpc7a.96xlarge", "also offered by the On-Demand environment")] // the default On-Demand list has it too
    public void TheMultiNodeEnvironmentTakesOnlyEfaSizesOfTheQueuesArchitectureNotOfferedElsewhere(string type, string problem)
    {
        var errors = Issues(c => c.Compute.MultiNodeInstanceTypes = [type]).Where(i => i.Severity == IssueSeverity.Error).ToList();
        Assert.Contains(errors, e => e.Setting == "compute.multiNodeInstanceTypes" && e.Problem.Contains(problem, StringComparison.Ordinal));
    }

    [Fact]
    public void AnEfaEnvironmentBesideAnOnDemandListWithoutItsTypesIsValid()
    {
        var issues = Issues(c =>
        {
            c.Compute.OnDemandInstanceTypes = ["c7a"]; // not c7i: the family would offer c7i.48xlarge without EFA
            c.Compute.MultiNodeInstanceTypes = ["hpc7a.96xlarge", "c7i.48xlarge"];
            c.Compute.MaxVCpus = 768;
        });
        Assert.DoesNotContain(issues, i => i.Severity == IssueSeverity.Error);
        var small = Issues(c => { c.Compute.OnDemandInstanceTypes = ["c7i"]; c.Compute.MultiNodeInstanceTypes = ["hpc7a.96xlarge"]; c.Compute.MaxVCpus = 256; });
        Assert.Contains(small, i => i.Setting == "compute.maxVCpus" && i.Severity == IssueSeverity.Warning); // 256 < two nodes of 192
    }

    [Fact]
    public void AComputeEnvironmentsTypesMustShareOneArchitecture()
    {
        var errors = Issues(c => c.Compute.SpotInstanceTypes = ["c7i", "c7g"]).Where(i => i.Severity == IssueSeverity.Error).ToList();
        Assert.Contains(errors, e => e.Setting == "compute.spotInstanceTypes" && e.Problem.Contains("arm64 and x86_64"));
    }

    [Fact]
    public void DeployPassesTheOptionsAsVariablesTerraformDeclares()
    {
        var c = new GcConfiguration { Region = "us-east-1" };
        c.Compute.MultiNodeInstanceTypes = ["hpc7a.96xlarge"];
        c.Storage.FsxLustreGiB = 2400;
        var variables = GeosChem.PowerShell.Platform.TerraformWorkspace.Variables(c);
        Assert.Equal("hpc7a.96xlarge", variables["multinode_instance_types"]![0]!.GetValue<string>());
        Assert.Equal(2400, variables["fsx_lustre_storage_gib"]!.GetValue<int>());
        var declared = System.Text.RegularExpressions.Regex.Matches(File.ReadAllText(Path.Combine(Root(), "terraform", "variables.tf")), "^variable \"([a-z_]+)\"",
            System.Text.RegularExpressions.RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(variables.Select(v => v.Key), key => Assert.Contains(key, declared));
    }
}
