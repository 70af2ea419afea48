using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "GcCostEstimate")]
[OutputType(typeof(GcCostEstimate))]
public sealed class GetGcCostEstimateCommand : GcPlanCmdlet
{
    [Parameter(Mandatory = true, Position = 4, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string InstanceType { get; set; } = "";

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int NodeCount { get; set; } = 1;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? CoresPerNode { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanText]
    public SwitchParameter Spot { get; set; }

    /// <summary>The met fields the run reads (MERRA2, GEOSFP, GEOSIT), for the input size; binds from Get-GcRunDirectory.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(MetFieldCompleter))]
    public string MetField { get; set; } = "MERRA2";

    /// <summary>global, or a nested domain (AS, EU, NA, ...); binds from Get-GcRunDirectory.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string Domain { get; set; } = "global";

    /// <summary>The input's measured size in GB (10^9 bytes), e.g. from Get-GcInputData -Online; without it, the met fields' published size.</summary>
    [Parameter]
    [ValidateRange(0, 1_000_000)]
    public double? InputGB { get; set; }

    /// <summary>Current On-Demand and Spot prices from AWS (cached per user for a day) instead of the shipped catalog's.</summary>
    [Parameter]
    public SwitchParameter Live { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var (region, prices) = new PriceSource(this).For(Live);
            var request = new EstimateRequest(Model, Simulation, Resolution, SimulationDays, InstanceType.Trim().ToLowerInvariant(), NodeCount, CoresPerNode, Spot, region, PlanOption);
            var estimate = new CalibrationFile(this).Planner().Estimator.Estimate(request, DateOnly.FromDateTime(DateTime.UtcNow), prices);
            AddDataVolumes(estimate);
            foreach (var warning in estimate.Warnings) WriteWarning($"{estimate.InstanceType} {estimate.Model} {estimate.Resolution}: {warning}");
            WriteVerbose($"Basis: {estimate.Basis}");
            WriteObject(estimate);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, target: InstanceType);
        }
    }

    private void AddDataVolumes(GcCostEstimate estimate)
    {
        var gridName = Domain.Equals("global", StringComparison.OrdinalIgnoreCase) ? estimate.Resolution : $"{estimate.Resolution}_{Domain}";
        var grid = GeosChemDomain.Default.Models[estimate.Model].Resolutions.FirstOrDefault(r => r.Name.Equals(gridName, StringComparison.OrdinalIgnoreCase))
            ?? GeosChemDomain.Default.Models[estimate.Model].Resolutions.First(r => r.Name.Equals(estimate.Resolution, StringComparison.OrdinalIgnoreCase));
        var network = InstanceCatalog.Default.Find(estimate.InstanceType)?.NetworkGbps;
        var volumes = DataVolumes.Default.Estimate(estimate.Model, MetField, estimate.Resolution, Domain, grid.Columns, estimate.SimulationDays, InputGB, network);
        estimate.InputGB = volumes.InputGB;
        estimate.InputBasis = volumes.InputBasis;
        estimate.StagingSeconds = volumes.StagingSeconds;
        estimate.OutputGB = volumes.OutputGB;
        estimate.RestartGB = volumes.RestartGB;
        estimate.ScratchGiB = volumes.ScratchGiB;
        WriteVerbose($"Input: {volumes.InputGB:0.##} GB, {volumes.InputBasis}; staging about {volumes.StagingSeconds:0} s (S3: 85 MB/s per request, 10 requests).");
    }
}
