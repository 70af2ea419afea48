using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Images;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Platform;

/// <summary>
/// The working copy Terraform runs in: the module's .tf files (embedded), a provider block for the configured region
/// and profile, the backend the user chose, and geoschem.auto.tfvars.json generated from the configuration.
/// </summary>
internal static class TerraformWorkspace
{
    private const string Prefix = "GeosChem.PowerShell.Terraform/";
    public const string VariablesFile = "geoschem.auto.tfvars.json";

    public static string DirectoryFor(GcConfiguration c, IEnvironment environment)
    {
        if (c.Terraform.WorkingDirectory is { Length: > 0 } chosen) return Path.GetFullPath(chosen);
        var data = OperatingSystem.IsWindows() ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
            : environment.Get("XDG_DATA_HOME") is { Length: > 0 } xdg ? xdg
            : Path.Combine(environment.Get("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(data, "geoschem-powershell", "terraform", $"{c.ProjectName}-{c.Region}");
    }

    public static string Prepare(GcConfiguration c, IEnvironment environment)
    {
        var dir = DirectoryFor(c, environment);
        Directory.CreateDirectory(dir);
        var assembly = typeof(TerraformWorkspace).Assembly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var source = assembly.GetManifestResourceStream(name)!;
            using var target = File.Create(Path.Combine(dir, name[Prefix.Length..]));
            source.CopyTo(target);
        }
        File.WriteAllText(Path.Combine(dir, "geoschem-provider.tf"), ProviderAndBackend(c), new UTF8Encoding(false));
        File.WriteAllText(Path.Combine(dir, VariablesFile), Variables(c).ToJsonString(new JsonSerializerOptions { WriteIndented = true }), new UTF8Encoding(false));
        return dir;
    }

    public static string ProviderAndBackend(GcConfiguration c)
    {
        var text = new StringBuilder();
        text.AppendLine("# Written by Deploy-GcPlatform from the configuration; changes here are overwritten.");
        text.AppendLine("provider \"aws\" {");
        text.AppendLine($"  region = \"{c.Region}\"");
        if (c.Profile is { Length: > 0 } profile) text.AppendLine($"  profile = \"{profile}\"");
        text.AppendLine("}");
        text.AppendLine();
        text.AppendLine("terraform {");
        text.AppendLine(c.Terraform.StateBackend == "s3" ? "  backend \"s3\" {}" : "  backend \"local\" {}");
        text.AppendLine("}");
        return text.ToString();
    }

    /// <summary>-backend-config arguments for terraform init.</summary>
    public static IReadOnlyList<string> BackendArguments(GcConfiguration c, string dir) =>
        c.Terraform.StateBackend == "s3"
            ? [$"-backend-config=bucket={c.Terraform.StateBucket}", $"-backend-config=key={c.Terraform.StateKey ?? $"geoschem-powershell/{c.ProjectName}/terraform.tfstate"}",
               $"-backend-config=region={c.Region}", "-backend-config=encrypt=true"]
            : [$"-backend-config=path={Path.Combine(dir, "terraform.tfstate")}"];

    public static JsonObject Variables(GcConfiguration c) => new()
    {
        ["project_name"] = c.ProjectName,
        ["create_vpc"] = c.Network.CreateVpc,
        ["vpc_cidr"] = c.Network.VpcCidr,
        ["private_subnets"] = c.Network.PrivateSubnets,
        ["availability_zone_count"] = c.Network.AvailabilityZones,
        ["vpc_endpoints"] = c.Network.VpcEndpoints,
        ["existing_vpc_id"] = c.Network.ExistingVpcId ?? "",
        ["existing_subnet_ids"] = new JsonArray([.. c.Network.ExistingSubnetIds.Select(s => (JsonNode)s)]),
        ["max_vcpus"] = c.Compute.MaxVCpus,
        ["spot_instance_types"] = new JsonArray([.. c.Compute.SpotInstanceTypes.Select(s => (JsonNode)s)]),
        ["ondemand_instance_types"] = new JsonArray([.. c.Compute.OnDemandInstanceTypes.Select(s => (JsonNode)s)]),
        ["multinode_instance_types"] = new JsonArray([.. c.Compute.MultiNodeInstanceTypes.Select(s => (JsonNode)s)]),
        ["root_volume_gib"] = c.Compute.RootVolumeGiB,
        ["fsx_lustre_storage_gib"] = c.Storage.FsxLustreGiB,
        ["monthly_budget_usd"] = c.Budget.MonthlyUsd ?? 0,
        ["alert_email"] = c.Budget.AlertEmail ?? "",
        ["image_variants"] = new JsonArray([.. ImageVariantCatalog.Default.Variants.Select(v => (JsonNode)new JsonObject
        {
            ["model"] = v.Model, ["compiler"] = v.Compiler, ["mpi"] = v.Mpi, ["architecture"] = v.Architecture,
        })]),
    };
}
