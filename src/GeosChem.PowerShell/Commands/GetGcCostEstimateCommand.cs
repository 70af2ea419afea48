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
            foreach (var warning in estimate.Warnings) WriteWarning($"{estimate.InstanceType} {estimate.Model} {estimate.Resolution}: {warning}");
            WriteVerbose($"Basis: {estimate.Basis}");
            WriteObject(estimate);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, target: InstanceType);
        }
    }
}
