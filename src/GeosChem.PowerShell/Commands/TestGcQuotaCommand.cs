using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsDiagnostic.Test, "GcQuota")]
[OutputType(typeof(GcQuotaCheck), typeof(bool))]
public sealed class TestGcQuotaCommand : GcAwsCmdlet
{
    private readonly QuotaPlanners _quotas;

    public TestGcQuotaCommand() => _quotas = new QuotaPlanners(Aws);

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
                throw GcErrors.CountInvalid(Count, instanceType);
            }
            var planner = _quotas.For(Context);
            var check = Run(ct => planner.CheckAsync(instanceType, Count, Spot, ct));
            if (Quiet) WriteObject(check.Sufficient);
            else WriteObject(check);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, instanceType, awsFailureId: ErrorIds.QuotaCheckFailed);
        }
    }
}
