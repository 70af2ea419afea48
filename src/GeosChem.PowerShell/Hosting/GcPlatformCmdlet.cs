using System.Management.Automation;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Platform;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Base of the platform cmdlets: the configuration (whose region and profile are the defaults for -Region and
/// -ProfileName), the checks, and terraform's progress on a progress bar with its messages on the host.
/// </summary>
public abstract class GcPlatformCmdlet : GcBatchCmdlet, ITerraformObserver
{
    [Parameter]
    public string? ConfigurationPath { get; set; }

    private protected string ResolvedConfigurationPath =>
        ConfigurationStore.PathFor(ConfigurationPath is null ? null : GetUnresolvedProviderPathFromPSPath(ConfigurationPath), ProcessEnvironment.Instance);

    private protected GcConfiguration LoadConfiguration()
    {
        try
        {
            var configuration = ConfigurationStore.LoadRequired(ResolvedConfigurationPath);
            Region ??= configuration.Region;
            ProfileName ??= configuration.Profile;
            return configuration;
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
            throw;
        }
    }

    private protected OnlineChecks ChecksFor(AwsContext context)
    {
        var (batch, _) = BatchFor(context);
        return new OnlineChecks(new StsGateway(context, Own(SdkClients.Sts(context))), CreateServiceQuotasClient(context),
            new PlatformGateway(context, Own(SdkClients.Ec2(context)), Own(SdkClients.S3(context))), batch,
            new Aws.Ecr.EcrClient(Own(NewProtocolClient(AwsServiceDescriptor.Ecr, context, Aws.Protocol.AwsJson.CamelCase))));
    }

    /// <summary>Stops with the offline errors of a configuration, if it has any.</summary>
    private protected void RequireValid(GcConfiguration configuration)
    {
        var errors = ConfigurationValidator.Check(configuration, ProfileLookup.Exists).Where(i => i.Severity == "Error").ToList();
        if (errors.Count == 0) return;
        foreach (var e in errors.Skip(1)) WriteError(ErrorRecords.From(new GcException("GcConfigurationInvalid", GcErrorKind.InvalidArgument, $"{e.Setting}: {e.Problem}", e.Fix, e.Value), target: e.Setting));
        ThrowGcError(new GcException("GcConfigurationInvalid", GcErrorKind.InvalidArgument, $"{errors[0].Setting}: {errors[0].Problem}", errors[0].Fix, errors[0].Value));
    }

    /// <summary>
    /// Stops when the account cannot run the configuration (credentials refused, vCPU limit above the quota) before
    /// terraform runs: such a platform would deploy and then fail late and obscurely in Batch.
    /// </summary>
    private protected void RequireAccountAllows(GcConfiguration configuration)
    {
        try
        {
            var issues = Run(ct => ChecksFor(Context).CheckAccountAsync(configuration, ct));
            foreach (var warning in issues.Where(i => i.Severity == "Warning")) WriteWarning($"{warning.Setting}: {warning.Problem} {warning.Fix}");
            var blocking = issues.Where(i => i.Severity == "Error").ToList();
            if (blocking.Count > 0)
            {
                ThrowGcError(new GcException("GcPlatformPreflightFailed", GcErrorKind.InvalidArgument,
                    string.Join(" ", blocking.Select(e => $"{e.Setting}: {e.Problem}")), string.Join(" ", blocking.Select(e => e.Fix)), configuration.Path));
            }
        }
        catch (GcException ex)
        {
            ThrowGcError(ex, "GcPlatformPreflightFailed");
        }
    }

    private protected (PlatformService Service, string Directory) TerraformFor(GcConfiguration configuration)
    {
        string executable;
        try
        {
            executable = TerraformRunner.Locate(ProcessEnvironment.Instance);
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
            throw;
        }
        var dir = TerraformWorkspace.Prepare(configuration, ProcessEnvironment.Instance);
        var environment = new Dictionary<string, string> { ["AWS_REGION"] = configuration.Region ?? "" };
        if (configuration.Profile is { Length: > 0 } profile) environment["AWS_PROFILE"] = profile;
        WriteVerbose($"terraform: {executable}; working copy: {dir}");
        return (new PlatformService(new TerraformRunner(executable, dir, environment), configuration, dir), dir);
    }

    private readonly ProgressRecord _progress = new(3, "Platform", "starting");

    void ITerraformObserver.Progress(string activity, string status, int percent) => Bridge.Post(() =>
    {
        _progress.Activity = activity;
        _progress.StatusDescription = status;
        _progress.PercentComplete = Math.Clamp(percent, 0, 100);
        WriteProgress(_progress);
    });

    void ITerraformObserver.Line(string text) => Bridge.Post(() =>
        WriteInformation(new HostInformationMessage { Message = "terraform: " + text }, ["GcTerraform", "PSHOST"]));

    private protected void CompleteProgress()
    {
        _progress.RecordType = ProgressRecordType.Completed;
        WriteProgress(_progress);
    }

    private protected GcPlatform Describe(GcConfiguration c, int problems) => new()
    {
        ProjectName = c.ProjectName,
        Region = c.Deployed?.Region ?? c.Region ?? "",
        Status = c.Deployed is null ? "NotDeployed" : problems == 0 ? "Healthy" : "Degraded",
        SpotJobQueue = c.Deployed?.SpotJobQueue,
        OnDemandJobQueue = c.Deployed?.OnDemandJobQueue,
        ComputeEnvironments = c.Deployed?.ComputeEnvironments ?? [],
        EcrRepositoryUri = c.Deployed?.EcrRepositoryUri,
        ResultsBucket = c.Deployed?.ResultsBucket,
        VpcId = c.Deployed?.VpcId,
        SubnetIds = c.Deployed?.SubnetIds ?? [],
        MaxVCpus = c.Deployed?.MaxVCpus,
        DeployedAt = c.Deployed?.DeployedAt,
        Problems = problems,
        ConfigurationPath = c.Path,
    };
}
