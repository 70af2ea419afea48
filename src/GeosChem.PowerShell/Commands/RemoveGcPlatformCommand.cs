using System.Management.Automation;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// terraform destroy of the platform. Says what it will delete first; refuses while jobs are active unless -Force;
/// keeps the results bucket (taken out of terraform's state) unless -IncludeData.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "GcPlatform", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveGcPlatformCommand : GcAwsCmdlet
{
    private static readonly string[] ResultsBucketAddresses =
    [
        "aws_s3_bucket_policy.results", "aws_s3_bucket_lifecycle_configuration.results", "aws_s3_bucket_versioning.results",
        "aws_s3_bucket_server_side_encryption_configuration.results", "aws_s3_bucket_public_access_block.results", "aws_s3_bucket.results",
    ];
    private readonly TerraformHost _terraform;

    public RemoveGcPlatformCommand() => _terraform = new TerraformHost(this);

    /// <summary>The configuration file (default: GC_CONFIG_FILE, else config.json in the per-user folder).</summary>
    [Parameter]
    public string? ConfigurationPath { get; set; }

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Also deletes the results bucket and everything in it.</summary>
    [Parameter]
    public SwitchParameter IncludeData { get; set; }

    protected override void ProcessRecord()
    {
        var configuration = new ConfigurationFile(this, ConfigurationPath).LoadWithAwsDefaults(this);
        if (configuration.Deployed is not { } deployed)
        {
            WriteWarning($"Nothing is deployed for '{configuration.ProjectName}' ({configuration.Path} has no deployed resources).");
            return;
        }
        try
        {
            var active = Run(ct => CountActiveJobsAsync(deployed, ct));
            if (active > 0 && !Force)
            {
                ThrowGcError(new GcException(ErrorIds.PlatformJobsActive, GcErrorKind.InvalidOperation,
                    $"{active} job(s) are queued or running on the platform; removing it would kill them.",
                    "Wait for them (Get-GcBatchJob | Wait-GcBatchJob), stop them (Get-GcBatchJob | Stop-GcBatchJob), or add -Force."));
            }
            var (service, _) = _terraform.For(configuration);
            Run(ct => service.InitAsync(_terraform, ct));
            var plan = Run(ct => service.PlanAsync(destroy: true, IncludeData ? ["-var=force_destroy_results=true"] : [], _terraform, ct));
            var deleted = plan.Changes.Where(c => c.Action == "delete").Select(c => c.Address)
                .Where(a => IncludeData || !ResultsBucketAddresses.Contains(a)).ToList();
            WriteInformation(new HostInformationMessage { Message = $"Remove-GcPlatform will delete {deleted.Count} resource(s):" }, ["GcTerraform", "PSHOST"]);
            foreach (var address in deleted) WriteInformation(new HostInformationMessage { Message = "  - " + address }, ["GcTerraform", "PSHOST"]);
            var bucketNote = IncludeData ? $"and the results bucket {deployed.ResultsBucket} WITH ALL ITS DATA" : $"keeping the results bucket {deployed.ResultsBucket}";
            if (!Confirmation.ShouldProcessUnlessForced(this, $"platform '{configuration.ProjectName}' in {configuration.Region}", $"Delete {deleted.Count} resource(s), {bucketNote}", Force))
            {
                _terraform.CompleteProgress();
                return;
            }
            if (!IncludeData)
            {
                Run(ct => service.StateRemoveAsync(ResultsBucketAddresses, _terraform, ct));
                Run(ct => service.PlanAsync(destroy: true, [], _terraform, ct));
            }
            Run(ct => service.ApplyAsync(deleted.Count, _terraform, ct));
            configuration.Deployed = null;
            ConfigurationStore.Save(configuration, configuration.Path);
            _terraform.CompleteProgress();
            if (!IncludeData) WriteWarning($"The results bucket {deployed.ResultsBucket} was kept (and left out of terraform's state); delete it yourself when you no longer need it.");
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
        }
    }

    private async Task<int> CountActiveJobsAsync(GcDeployment deployed, CancellationToken ct)
    {
        var (batch, _) = Aws.Batch(Context);
        var count = 0;
        foreach (var queue in new[] { deployed.SpotJobQueue, deployed.OnDemandJobQueue }.OfType<string>())
        {
            foreach (var status in BatchJobStatus.Active)
            {
                await foreach (var _ in batch.ListJobsAsync(new ListJobsRequest { JobQueue = queue, JobStatus = status }, ct).ConfigureAwait(false)) count++;
            }
        }
        return count;
    }
}
