using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Hosting;

/// <summary>The online checks of a configuration or a deployed platform, made from the cmdlet's AWS session.</summary>
internal sealed class PlatformChecks(GcAwsCmdlet cmdlet)
{
    public OnlineChecks For(AwsContext context)
    {
        var aws = cmdlet.Aws;
        return new OnlineChecks(aws.Sts(context), aws.ServiceQuotas(context), aws.Platform(context), aws.Batch(context).Batch, aws.Ecr(context));
    }

    /// <summary>
    /// Stops when the account cannot run the configuration (credentials refused, vCPU limit above the quota) before
    /// terraform runs: such a platform would deploy and then fail late and obscurely in Batch.
    /// </summary>
    public void RequireAccountAllows(GcConfiguration configuration)
    {
        try
        {
            var issues = cmdlet.Run(ct => For(cmdlet.Context).CheckAccountAsync(configuration, ct));
            foreach (var warning in issues.Where(i => i.Severity == IssueSeverity.Warning)) cmdlet.WriteWarning($"{warning.Setting}: {warning.Problem} {warning.Fix}");
            var blocking = issues.Where(i => i.Severity == IssueSeverity.Error).ToList();
            if (blocking.Count > 0)
            {
                cmdlet.ThrowGcError(new GcException(ErrorIds.PlatformPreflightFailed, GcErrorKind.InvalidArgument,
                    string.Join(" ", blocking.Select(e => $"{e.Setting}: {e.Problem}")), string.Join(" ", blocking.Select(e => e.Fix)), configuration.Path));
            }
        }
        catch (GcException ex)
        {
            cmdlet.ThrowGcError(ex, awsFailureId: ErrorIds.PlatformPreflightFailed);
        }
    }
}
