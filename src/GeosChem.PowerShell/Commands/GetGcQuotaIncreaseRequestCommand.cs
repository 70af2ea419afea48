using System.Management.Automation;
using GeosChem.PowerShell.Aws.ServiceQuotas;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsCommon.Get, "GcQuotaIncreaseRequest")]
[OutputType(typeof(GcQuotaIncreaseRequest))]
public sealed class GetGcQuotaIncreaseRequestCommand : GcAwsCmdlet
{
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(QuotaCodeCompleter))]
    public string? QuotaCode { get; set; }

    [Parameter]
    [ValidateSet("PENDING", "CASE_OPENED", "APPROVED", "DENIED", "CASE_CLOSED", IgnoreCase = true)]
    public string? Status { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string ServiceCode { get; set; } = "ec2";

    protected override void ProcessRecord()
    {
        try
        {
            var code = QuotaCode is null ? null : QuotaCodes.Normalize(QuotaCode);
            var context = Context;
            var client = Aws.ServiceQuotas(context);
            foreach (var change in Stream(client.ListRequestHistoryAsync(ServiceCode, code, Status?.ToUpperInvariant(), StopToken)))
            {
                WriteObject(QuotaIncreaseService.ToModel(change, context.Region));
            }
        }
        catch (GcException ex)
        {
            WriteItemError(ex, QuotaCode, awsFailureId: ErrorIds.QuotaIncreaseRequestLookupFailed);
        }
    }
}
