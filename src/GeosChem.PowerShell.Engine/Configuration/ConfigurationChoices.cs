using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Configuration;

/// <summary>Settings a user chose (by parameter or in the wizard); null means "keep the default".</summary>
internal sealed record ConfigurationChoices
{
    public string? Region { get; init; }
    public string? Profile { get; init; }
    public string? ProjectName { get; init; }
    public int? MaxVCpus { get; init; }
    public double? MonthlyBudgetUsd { get; init; }
    public double? PerJobBudgetUsd { get; init; }
    public string? VpcCidr { get; init; }
    public bool? PrivateSubnets { get; init; }
    public string? ExistingVpcId { get; init; }
    public string[]? ExistingSubnetIds { get; init; }
    public string[]? SpotInstanceTypes { get; init; }
    public string[]? OnDemandInstanceTypes { get; init; }
    public string[]? MultiNodeInstanceTypes { get; init; }
    public int? FsxLustreGiB { get; init; }
    public string? StateBackend { get; init; }
    public string? StateBucket { get; init; }
    public string? DefaultImage { get; init; }
    public string? DefaultModel { get; init; }

    public GcConfiguration ApplyTo(GcConfiguration c)
    {
        if (Region is not null) c.Region = Region.Trim();
        if (Profile is not null) c.Profile = Profile.Length == 0 ? null : Profile.Trim();
        if (ProjectName is not null) c.ProjectName = ProjectName.Trim();
        if (MaxVCpus is { } v) c.Compute.MaxVCpus = v;
        if (MonthlyBudgetUsd is { } m) c.Budget.MonthlyUsd = m;
        if (PerJobBudgetUsd is { } j) c.Budget.PerJobUsd = j;
        if (VpcCidr is not null) c.Network.VpcCidr = VpcCidr.Trim();
        if (PrivateSubnets is { } p) c.Network.PrivateSubnets = p;
        if (ExistingVpcId is not null || ExistingSubnetIds is { Length: > 0 })
        {
            c.Network.CreateVpc = false;
            c.Network.ExistingVpcId = ExistingVpcId?.Trim();
            c.Network.ExistingSubnetIds = ExistingSubnetIds ?? [];
        }
        if (SpotInstanceTypes is { Length: > 0 }) c.Compute.SpotInstanceTypes = SpotInstanceTypes;
        if (OnDemandInstanceTypes is { Length: > 0 }) c.Compute.OnDemandInstanceTypes = OnDemandInstanceTypes;
        if (MultiNodeInstanceTypes is not null) c.Compute.MultiNodeInstanceTypes = MultiNodeInstanceTypes;
        if (FsxLustreGiB is { } fsx) c.Storage.FsxLustreGiB = fsx;
        if (StateBackend is not null) c.Terraform.StateBackend = StateBackend;
        if (StateBucket is not null) c.Terraform.StateBucket = StateBucket;
        if (DefaultImage is not null) c.Defaults.Image = DefaultImage;
        if (DefaultModel is not null) c.Defaults.Model = DefaultModel;
        return c;
    }
}
