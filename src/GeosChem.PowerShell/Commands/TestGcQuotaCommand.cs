using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsDiagnostic.Test, "GcQuota")]
[OutputType(typeof(GcQuotaCheck), typeof(bool))]
public sealed class TestGcQuotaCommand : GcQuotaCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(InstanceTypeCompleter))]
    public string InstanceType { get; set; } = "";

    [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
    [Alias("NodeCount")]
    public int Count { get; set; } = 1;

    [Parameter(ValueFromPipelineByPropertyName = true)]
    [BooleanText]
    public SwitchParameter Spot { get; set; }

    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        var instanceType = InstanceType.Trim().ToLowerInvariant();
        try
        {
            if (Count < 1)
            {
                throw new GcException("GcCountInvalid", GcErrorKind.InvalidArgument,
                    $"-Count {Count} for {instanceType} is not a positive number of instances.", "Give -Count 1 or more.", Count);
            }
            var planner = PlannerFor(Context);
            var check = Run(ct => planner.CheckAsync(instanceType, Count, Spot, ct));
            if (Quiet) WriteObject(check.Sufficient);
            else WriteObject(check);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, "GcQuotaCheckFailed", instanceType);
        }
    }
}
