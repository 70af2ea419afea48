using System.Management.Automation;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Planning;

namespace GeosChem.PowerShell.Commands;

[Cmdlet(VerbsLifecycle.Request, "GcQuotaIncrease", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
[OutputType(typeof(GcQuotaIncreaseRequest))]
public sealed class RequestGcQuotaIncreaseCommand : GcAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(QuotaCodeCompleter))]
    public string QuotaCode { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    public double DesiredValue { get; set; }

    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string ServiceCode { get; set; } = "ec2";

    /// <summary>Skips the confirmation prompt (but not -WhatIf), as in AWS Tools.</summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        try
        {
            var code = QuotaCodes.Normalize(QuotaCode);
            var context = Context;
            var service = new QuotaIncreaseService(Aws.ServiceQuotas(context));
            var current = Run(ct => service.PrepareAsync(ServiceCode, code, DesiredValue, ct));

            var target = $"{code} '{current.QuotaName}' in {context.Region}";
            var unit = current.Unit is null or "None" ? "" : " " + current.Unit;
            var action = $"Request an increase from {current.Value}{unit} to {DesiredValue}{unit}";
            if (!Confirmation.ShouldProcessUnlessForced(this, target, action, Force)) return;

            var (request, alreadyOpen) = Run(ct => service.SubmitAsync(ServiceCode, code, DesiredValue, ct));
            if (alreadyOpen)
            {
                WriteWarning($"An identical request ({request.Id}, status {request.Status}) was already open for {code}; no second request was filed.");
            }
            WriteObject(request);
        }
        catch (GcException ex)
        {
            WriteItemError(ex, QuotaCode, awsFailureId: ErrorIds.QuotaIncreaseFailed);
        }
    }
}
