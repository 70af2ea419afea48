using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>Checks every setting offline and, with -Online, against AWS; writes one issue per problem (nothing when all is well).</summary>
[Cmdlet(VerbsDiagnostic.Test, "GcConfiguration")]
[OutputType(typeof(GcConfigurationIssue), typeof(bool))]
public sealed class TestGcConfigurationCommand : GcBatchCmdlet
{
    [Parameter]
    public string? ConfigurationPath { get; set; }

    [Parameter]
    public SwitchParameter Online { get; set; }

    /// <summary>Returns only True (no errors) or False.</summary>
    [Parameter]
    public SwitchParameter Quiet { get; set; }

    protected override void ProcessRecord()
    {
        GcConfiguration configuration;
        try
        {
            configuration = ConfigurationStore.LoadRequired(ConfigurationStore.PathFor(ConfigurationPath is null ? null : GetUnresolvedProviderPathFromPSPath(ConfigurationPath), ProcessEnvironment.Instance));
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
            return;
        }
        var issues = ConfigurationValidator.Check(configuration, ProfileLookup.Exists);
        if (Online && issues.All(i => i.Setting is not ("region" or "profile") || i.Severity != "Error"))
        {
            Region ??= configuration.Region;
            ProfileName ??= configuration.Profile;
            var context = Context;
            var (batch, _) = BatchFor(context);
            var checks = new OnlineChecks(new StsGateway(context, Own(SdkClients.Sts(context))), CreateServiceQuotasClient(context),
                new PlatformGateway(context, Own(SdkClients.Ec2(context)), Own(SdkClients.S3(context))), batch,
                new Aws.Ecr.EcrClient(Own(NewProtocolClient(AwsServiceDescriptor.Ecr, context, Aws.Protocol.AwsJson.CamelCase))));
            try
            {
                issues.AddRange(Run(ct => checks.CheckAsync(configuration, ct)));
            }
            catch (GcException ex)
            {
                ThrowGcError(ex, "GcConfigurationOnlineCheckFailed");
            }
        }
        else if (Online)
        {
            WriteWarning("The online checks were skipped: fix the region and profile first.");
        }
        if (Quiet)
        {
            WriteObject(issues.All(i => i.Severity != "Error"));
            return;
        }
        foreach (var issue in issues) WriteObject(issue);
    }
}
