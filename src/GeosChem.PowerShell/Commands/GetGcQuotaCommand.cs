using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "GcQuota", DefaultParameterSetName = ByCodeSet)]
[OutputType(typeof(GcQuota))]
public sealed class GetGcQuotaCommand : GcAwsCmdlet
{
    // An identity that may read quotas but not list instances still sees the quota values.
    private readonly QuotaPlanners _quotas;

    public GetGcQuotaCommand() => _quotas = new QuotaPlanners(Aws, usageOptional: true);

    private const string ByCodeSet = "ByCode";
    private const string AllSet = "All";

    [Parameter(Position = 0, ParameterSetName = ByCodeSet, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(QuotaCodeCompleter))]
    public string[]? QuotaCode { get; set; }

    [Parameter(Mandatory = true, ParameterSetName = AllSet)]
    public SwitchParameter All { get; set; }

    protected override void ProcessRecord()
    {
        WriteQuotas(_quotas.For(Context));
    }

    protected override void EndProcessing()
    {
        foreach (var (context, planner) in _quotas.All)
        {
            if (planner.UsageUnavailable is { } why)
            {
                WriteWarning($"Usage, Available and PercentUsed are empty: the running instances in {context.Region} could not be listed. {why}");
            }
        }
    }

    private void WriteQuotas(QuotaPlanner planner)
    {
        if (All)
        {
            try
            {
                foreach (var quota in Stream(planner.ListAllAsync(StopToken))) WriteObject(quota);
            }
            catch (GcException ex)
            {
                ThrowGcError(ex, awsFailureId: ErrorIds.QuotaLookupFailed);
            }
            return;
        }

        foreach (var code in QuotaCode ?? QuotaClassCatalog.Default.GeosChemDefaults.ToArray())
        {
            try
            {
                var normalized = QuotaCodes.Normalize(code);
                WriteObject(Run(ct => planner.GetQuotaAsync(normalized, ct)));
            }
            catch (GcException ex)
            {
                WriteItemError(ex, code, awsFailureId: ErrorIds.QuotaLookupFailed);
            }
        }
    }
}
