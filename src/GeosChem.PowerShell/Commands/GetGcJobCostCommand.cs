using System.Management.Automation;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;
using GeosChem.PowerShell.Planning.Prices;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Commands;

/// <summary>Per job and attempt: instance-hours times price times the job's share of the instance, with the method stated.</summary>
[Cmdlet(VerbsCommon.Get, "GcJobCost")]
[OutputType(typeof(GcJobCost))]
public sealed class GetGcJobCostCommand : GcAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[] JobId { get; set; } = [];

    /// <summary>Price with current Spot and On-Demand prices from AWS (cached) instead of the shipped catalog.</summary>
    [Parameter]
    public SwitchParameter Live { get; set; }

    protected override void ProcessRecord()
    {
        var ids = JobLookup.ValidIds(this, JobId);
        if (ids.Count == 0) return;
        var context = Context;
        var (batch, directory) = Aws.Batch(context);
        var prices = Live ? new PriceBook(new PriceSource(this).Live(context, LivePrices.DefaultMaxAge, force: false).Prices) : PriceBook.CatalogOnly;
        var calculator = new JobCostCalculator(directory, Aws.Ecs(context), prices, InstanceCatalog.Default, context.Region, () => DateTime.UtcNow);
        foreach (var job in JobLookup.Describe(this, batch, ids).ToList())
        {
            // An array's or a multi-node job's instance time is spent by its children and nodes.
            var children = job.ArraySize is { } size && job.ArrayIndex is null ? Enumerable.Range(0, size).Select(i => $"{job.JobId}:{i}").ToList()
                : job.NodeCount is { } nodes && job.NodeIndex is null ? Enumerable.Range(0, nodes).Select(i => $"{job.JobId}#{i}").ToList()
                : [job.JobId];
            try
            {
                foreach (var chunk in children.Chunk(BatchClient.DescribeJobsBatchSize))
                {
                    var details = Run(ct => batch.DescribeJobsAsync(chunk, ct));
                    foreach (var detail in details)
                    {
                        foreach (var cost in Run(ct => calculator.CostAsync(detail, ct))) WriteObject(cost);
                    }
                }
            }
            catch (GcException ex)
            {
                WriteItemError(ex, job.JobId, awsFailureId: ErrorIds.JobCostFailed);
            }
        }
    }
}
