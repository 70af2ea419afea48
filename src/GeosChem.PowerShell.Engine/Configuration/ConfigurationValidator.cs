using System.Net;
using System.Text.RegularExpressions;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Configuration;

/// <summary>Offline checks of every setting: form, ranges and combinations. Each problem says how to fix it.</summary>
internal static partial class ConfigurationValidator
{
    [GeneratedRegex("^[a-z][a-z0-9-]{2,30}$")] private static partial Regex ProjectName();
    [GeneratedRegex("^subnet-[0-9a-f]{8,17}$")] private static partial Regex SubnetId();
    [GeneratedRegex("^vpc-[0-9a-f]{8,17}$")] private static partial Regex VpcId();
    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")] private static partial Regex BucketName();

    public static List<GcConfigurationIssue> Check(GcConfiguration c, Func<string, bool> profileExists)
    {
        var issues = new List<GcConfigurationIssue>();
        void Error(string setting, string problem, string fix, object? value = null) =>
            issues.Add(new GcConfigurationIssue { Setting = setting, Severity = IssueSeverity.Error, Problem = problem, Fix = fix, Value = value?.ToString() });
        void Warn(string setting, string problem, string fix, object? value = null) =>
            issues.Add(new GcConfigurationIssue { Setting = setting, Severity = IssueSeverity.Warning, Problem = problem, Fix = fix, Value = value?.ToString() });

        if (c.SchemaVersion != 1) Error("schemaVersion", $"Schema version {c.SchemaVersion} is not one this module reads (1).", "Recreate the file with New-GcConfiguration.", c.SchemaVersion);
        if (string.IsNullOrWhiteSpace(c.Region)) Error("region", "No region is set.", "Set one: Set-GcConfiguration -Name region -Value us-east-1.");
        else if (!RegionCatalog.IsKnown(c.Region))
        {
            var close = RegionCatalog.Closest(c.Region);
            Error("region", $"'{c.Region}' is not an AWS region.", close is null ? "Use a region code such as us-east-1." : $"Did you mean '{close}'?", c.Region);
        }
        if (c.Profile is { Length: > 0 } profile && !profileExists(profile))
        {
            Error("profile", $"The AWS profile '{profile}' is not in your AWS config or credentials files.",
                "Create it (aws configure --profile NAME, or aws configure sso), or clear the setting to use the default credential chain.", profile);
        }
        if (!ProjectName().IsMatch(c.ProjectName ?? ""))
        {
            Error("projectName", $"'{c.ProjectName}' cannot prefix AWS resource names.", "Use 3-31 lower-case letters, digits or hyphens, starting with a letter.", c.ProjectName);
        }

        var n = c.Network;
        if (n.CreateVpc)
        {
            if (!TryParseCidr(n.VpcCidr, out var address, out var prefix))
            {
                Error("network.vpcCidr", $"'{n.VpcCidr}' is not a CIDR block.", "Write it as a.b.c.d/nn, for example 10.42.0.0/16.", n.VpcCidr);
            }
            else
            {
                if (prefix is < 16 or > 24) Error("network.vpcCidr", $"/{prefix} is outside what the platform's subnets need (/16 to /24).", "Use a /16 to /24 block, for example 10.42.0.0/16.", n.VpcCidr);
                if (!IsPrivate(address)) Warn("network.vpcCidr", $"{n.VpcCidr} is not a private (RFC 1918) range.", "Use a block inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.", n.VpcCidr);
            }
            if (n.AvailabilityZones is < 1 or > 6) Error("network.availabilityZones", $"{n.AvailabilityZones} zones is out of range.", "Use 1 to 6 (3 gives Spot more capacity pools).", n.AvailabilityZones);
            if (n.ExistingSubnetIds.Length > 0) Warn("network.existingSubnetIds", "Subnet ids are set but a new VPC will be created, so they are ignored.", "Set network.createVpc to false to use them, or clear them.");
        }
        else
        {
            if (n.ExistingVpcId is null || !VpcId().IsMatch(n.ExistingVpcId)) Error("network.existingVpcId", $"'{n.ExistingVpcId}' is not a VPC id.", "With createVpc false, give the VPC id (vpc-0123456789abcdef0).", n.ExistingVpcId);
            if (n.ExistingSubnetIds.Length == 0) Error("network.existingSubnetIds", "No subnets are given for an existing VPC.", "List at least one subnet id (two or more in different zones for Spot capacity).");
            foreach (var subnet in n.ExistingSubnetIds.Where(s => !SubnetId().IsMatch(s)))
            {
                Error("network.existingSubnetIds", $"'{subnet}' is not a subnet id.", "Subnet ids look like subnet-0123456789abcdef0.", subnet);
            }
            if (n.PrivateSubnets) Warn("network.privateSubnets", "privateSubnets applies to a VPC the platform creates; it is ignored for an existing VPC.", "Make sure your subnets reach the internet (NAT) or VPC endpoints.");
        }

        var compute = c.Compute;
        if (compute.MaxVCpus is < 1 or > 100_000) Error("compute.maxVCpus", $"{compute.MaxVCpus} vCPUs is out of range.", "Use 1 to 100000; Test-GcConfiguration -Online compares it with your quotas.", compute.MaxVCpus);
        if (compute.RootVolumeGiB is < 30 or > 16_384) Error("compute.rootVolumeGiB", $"{compute.RootVolumeGiB} GiB is out of range.", "Use 30 to 16384 GiB; input data for a month of 4x5 needs about 100 GiB.", compute.RootVolumeGiB);
        CheckTypes(compute.SpotInstanceTypes, "compute.spotInstanceTypes", Error);
        CheckTypes(compute.OnDemandInstanceTypes, "compute.onDemandInstanceTypes", Error);
        CheckOneArchitecture(compute.SpotInstanceTypes, "compute.spotInstanceTypes", Error);
        CheckOneArchitecture(compute.OnDemandInstanceTypes, "compute.onDemandInstanceTypes", Error);
        PlatformOptions.CheckMultiNode(compute, Error, Warn);
        PlatformOptions.CheckFsx(c.Storage.FsxLustreGiB, Error, Warn);

        var budget = c.Budget;
        if (budget.MonthlyUsd is <= 0) Error("budget.monthlyUsd", $"A monthly budget of {budget.MonthlyUsd} USD allows nothing to run.", "Set a positive amount, or clear it for no budget.", budget.MonthlyUsd);
        if (budget.PerJobUsd is <= 0) Error("budget.perJobUsd", $"A per-job budget of {budget.PerJobUsd} USD allows no job.", "Set a positive amount, or clear it.", budget.PerJobUsd);
        if (budget.MonthlyUsd is > 0 && budget.PerJobUsd > budget.MonthlyUsd)
        {
            Warn("budget.perJobUsd", $"One job may spend {budget.PerJobUsd} USD, more than the month's {budget.MonthlyUsd} USD.", "Lower budget.perJobUsd or raise budget.monthlyUsd.");
        }

        if (c.Defaults.Model is not ("GCClassic" or "GCHP")) Error("defaults.model", $"'{c.Defaults.Model}' is not a GEOS-Chem model.", "Use GCClassic or GCHP.", c.Defaults.Model);

        var tf = c.Terraform;
        if (tf.StateBackend is not ("local" or "s3")) Error("terraform.stateBackend", $"'{tf.StateBackend}' is not a state backend the module supports.", "Use local (a file on this machine) or s3 (shared; give terraform.stateBucket).", tf.StateBackend);
        if (tf.StateBackend == "s3" && (tf.StateBucket is null || !BucketName().IsMatch(tf.StateBucket)))
        {
            Error("terraform.stateBucket", $"The s3 state backend needs a bucket name, not '{tf.StateBucket}'.", "Give an existing bucket you can write to (lower-case, 3-63 characters).", tf.StateBucket);
        }
        return issues;
    }

    private static void CheckTypes(string[] types, string setting, Action<string, string, string, object?> error)
    {
        if (types.Length == 0) error(setting, "No instance types are listed.", "List instance types or families, for example c7i, c7a.", null);
        var catalog = InstanceCatalog.Default;
        var families = catalog.Specs.Select(s => s.Family).ToHashSet(StringComparer.Ordinal);
        foreach (var type in types)
        {
            if (type is "optimal" || families.Contains(type) || catalog.Find(type) is not null) continue;
            var close = catalog.Specs.Select(s => s.InstanceType).Concat(families).OrderBy(t => LevenshteinLite(t, type)).First();
            error(setting, $"'{type}' is neither an instance type nor a family in the catalog.", $"Did you mean '{close}'? Press Tab after -InstanceType in other cmdlets to see the catalog.", type);
        }
    }

    /// <summary>A compute environment launches one AMI, so its instance types share one architecture (as terraform's variables check).</summary>
    private static void CheckOneArchitecture(string[] types, string setting, Action<string, string, string, object?> error)
    {
        var architectures = PlatformOptions.Architectures(types);
        if (architectures.Count > 1)
        {
            error(setting, $"The list mixes {string.Join(" and ", architectures)} instance types; a compute environment launches one image, of one architecture.",
                "Keep one architecture in the list (for example only x86_64 families such as c7i, c7a).", string.Join(",", types));
        }
    }

    private static int LevenshteinLite(string a, string b) =>
        a.Zip(b).Count(p => p.First != p.Second) + Math.Abs(a.Length - b.Length);

    public static bool TryParseCidr(string? text, out IPAddress address, out int prefix)
    {
        address = IPAddress.None;
        prefix = 0;
        var parts = (text ?? "").Split('/');
        return parts.Length == 2 && IPAddress.TryParse(parts[0], out address!) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork
               && int.TryParse(parts[1], out prefix) && prefix is >= 0 and <= 32 && (ToUInt(address) & ~Mask(prefix)) == 0;
    }

    public static bool Overlaps(string a, string b) =>
        TryParseCidr(a, out var x, out var px) && TryParseCidr(b, out var y, out var py)
        && (ToUInt(x) & Mask(Math.Min(px, py))) == (ToUInt(y) & Mask(Math.Min(px, py)));

    private static bool IsPrivate(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return b[0] == 10 || (b[0] == 172 && b[1] >= 16 && b[1] <= 31) || (b[0] == 192 && b[1] == 168);
    }

    private static uint ToUInt(IPAddress address)
    {
        var b = address.GetAddressBytes();
        return (uint)(b[0] << 24 | b[1] << 16 | b[2] << 8 | b[3]);
    }

    private static uint Mask(int prefix) => prefix == 0 ? 0u : uint.MaxValue << (32 - prefix);
}
