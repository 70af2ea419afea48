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
        full.Deployed.MaxVCpus = 1;
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
}
