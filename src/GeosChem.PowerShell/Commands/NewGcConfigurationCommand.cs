using System.Management.Automation;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Creates the configuration file from parameters, checked offline first: nothing is written if a setting is wrong.</summary>
[Cmdlet(VerbsCommon.New, "GcConfiguration", SupportsShouldProcess = true)]
[OutputType(typeof(GcConfiguration))]
public sealed class NewGcConfigurationCommand : GcCmdlet
{
    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    [Parameter(Mandatory = true, Position = 0)]
    [ArgumentCompleter(typeof(RegionCompleter))]
    public string Region { get; set; } = "";

    [Parameter]
    public string? Profile { get; set; }

    [Parameter]
    public string? ProjectName { get; set; }

    [Parameter]
    public int? MaxVCpus { get; set; }

    [Parameter]
    public double? MonthlyBudgetUsd { get; set; }

    [Parameter]
    public double? PerJobBudgetUsd { get; set; }

    [Parameter]
    public string? VpcCidr { get; set; }

    [Parameter]
    public SwitchParameter PrivateSubnets { get; set; }

    [Parameter]
    public string? ExistingVpcId { get; set; }

    [Parameter]
    public string[]? ExistingSubnetId { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string[]? SpotInstanceType { get; set; }

    [Parameter]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string[]? OnDemandInstanceType { get; set; }

    /// <summary>EFA instance types of an optional multi-node environment (exact sizes such as hpc7a.96xlarge).</summary>
    [Parameter]
    [ArgumentCompleter(typeof(EfaInstanceTypeCompleter))]
    public string[]? MultiNodeInstanceType { get; set; }

    /// <summary>Size of an FSx for Lustre input data file system in GiB: 1200, 2400 or a multiple of 2400; 0 or absent: none.</summary>
    [Parameter]
    public int? FsxLustreGiB { get; set; }

    [Parameter]
    [ValidateSet("local", "s3")]
    public string? StateBackend { get; set; }

    [Parameter]
    public string? StateBucket { get; set; }

    /// <summary>Replaces an existing configuration file.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        var file = new ConfigurationFile(this, ConfigurationPath);
        var path = file.Path;
        if (File.Exists(path) && !Force)
        {
            ThrowGcError(GcErrors.ConfigurationExists(path));
        }
        var configuration = new ConfigurationChoices
        {
            Region = Region, Profile = Profile, ProjectName = ProjectName, MaxVCpus = MaxVCpus, MonthlyBudgetUsd = MonthlyBudgetUsd,
            PerJobBudgetUsd = PerJobBudgetUsd, VpcCidr = VpcCidr, PrivateSubnets = PrivateSubnets.IsPresent ? true : null,
            ExistingVpcId = ExistingVpcId, ExistingSubnetIds = ExistingSubnetId, SpotInstanceTypes = SpotInstanceType,
            OnDemandInstanceTypes = OnDemandInstanceType, MultiNodeInstanceTypes = MultiNodeInstanceType, FsxLustreGiB = FsxLustreGiB, StateBackend = StateBackend, StateBucket = StateBucket,
        }.ApplyTo(new GcConfiguration());
        configuration.Path = path;
        if (file.SaveIfValid(configuration, path, File.Exists(path) ? "Replace the configuration" : "Create the configuration")) WriteObject(configuration);
    }
}
