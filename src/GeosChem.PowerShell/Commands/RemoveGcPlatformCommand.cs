using System.Management.Automation;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Configuration;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Hosting;

namespace GeosChem.PowerShell.Commands;

/// <summary>
/// terraform destroy of the platform. Says what it will delete first; refuses while jobs are active unless -Force;
/// keeps the results bucket (taken out of terraform's state) unless -IncludeData.
/// </summary>
[Cmdlet(VerbsCommon.Remove, "GcPlatform", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
public sealed class RemoveGcPlatformCommand : GcPlatformCmdlet
{
    private static readonly string[] ResultsBucketAddresses =
    [
        "aws_s3_bucket_policy.results", "aws_s3_bucket_lifecycle_configuration.results", "aws_s3_bucket_versioning.results",
        "aws_s3_bucket_server_side_encryption_configuration.results", "aws_s3_bucket_public_access_block.results", "aws_s3_bucket.results",
    ];
    private static readonly string[] ActiveStatuses = ["SUBMITTED", "PENDING", "RUNNABLE", "STARTING", "RUNNING"];

    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>Also deletes the results bucket and everything in it.</summary>
    [Parameter]
    public SwitchParameter IncludeData { get; set; }

    protected override void ProcessRecord()
    {
        var configuration = LoadConfiguration();
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
                ThrowGcError(new GcException("GcPlatformJobsActive", GcErrorKind.InvalidOperation,
                    $"{active} job(s) are queued or running on the platform; removing it would kill them.",
                    "Wait for them (Get-GcBatchJob | Wait-GcBatchJob), stop them (Get-GcBatchJob | Stop-GcBatchJob), or add -Force."));
            }
            var (service, _) = TerraformFor(configuration);
            Run(ct => service.InitAsync(this, ct));
            var plan = Run(ct => service.PlanAsync(destroy: true, IncludeData ? ["-var=force_destroy_results=true"] : [], this, ct));
            var deleted = plan.Changes.Where(c => c.Action == "delete").Select(c => c.Address)
                .Where(a => IncludeData || !ResultsBucketAddresses.Contains(a)).ToList();
            WriteInformation(new HostInformationMessage { Message = $"Remove-GcPlatform will delete {deleted.Count} resource(s):" }, ["GcTerraform", "PSHOST"]);
            foreach (var address in deleted) WriteInformation(new HostInformationMessage { Message = "  - " + address }, ["GcTerraform", "PSHOST"]);
            var bucketNote = IncludeData ? $"and the results bucket {deployed.ResultsBucket} WITH ALL ITS DATA" : $"keeping the results bucket {deployed.ResultsBucket}";
            if (!ShouldProcessUnlessForced($"platform '{configuration.ProjectName}' in {configuration.Region}", $"Delete {deleted.Count} resource(s), {bucketNote}", Force))
            {
                CompleteProgress();
                return;
            }
            if (!IncludeData)
            {
                Run(ct => service.StateRemoveAsync(ResultsBucketAddresses, this, ct));
                Run(ct => service.PlanAsync(destroy: true, [], this, ct));
            }
            Run(ct => service.ApplyAsync(deleted.Count, this, ct));
            configuration.Deployed = null;
            ConfigurationStore.Save(configuration, configuration.Path);
            CompleteProgress();
            if (!IncludeData) WriteWarning($"The results bucket {deployed.ResultsBucket} was kept (and left out of terraform's state); delete it yourself when you no longer need it.");
        }
        catch (GcException ex)
        {
            ThrowGcError(ex);
        }
    }

    private async Task<int> CountActiveJobsAsync(Models.GcDeployment deployed, CancellationToken ct)
    {
        var (batch, _) = BatchFor(Context);
        var count = 0;
        foreach (var queue in new[] { deployed.SpotJobQueue, deployed.OnDemandJobQueue }.OfType<string>())
        {
            foreach (var status in ActiveStatuses)
            {
                await foreach (var _ in batch.ListJobsAsync(new ListJobsRequest { JobQueue = queue, JobStatus = status }, ct).ConfigureAwait(false)) count++;
            }
        }
        return count;
    }
}
