using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Ecr;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Aws.ServiceQuotas;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Configuration;

/// <summary>
/// Checks a configuration against AWS: credentials (STS), the region, the vCPU quotas against compute.maxVCpus, the
/// VPC CIDR against the VPCs that exist, and, once deployed, that the queues, compute environments, repository, bucket
/// and default image exist and are usable.
/// </summary>
internal sealed class OnlineChecks(StsGateway sts, IServiceQuotasClient quotas, PlatformGateway platform, IBatchClient batch, EcrClient ecr)
{
    public const string OnDemandQuota = "L-1216C47A";
    public const string SpotQuota = "L-34B43A08";

    public async Task<List<GcConfigurationIssue>> CheckAsync(GcConfiguration c, CancellationToken ct)
    {
        var issues = await CheckAccountAsync(c, ct).ConfigureAwait(false);
        if (issues.Any(i => i.Setting is "credentials" or "profile")) return issues;
        if (c.Deployed is { } d) issues.AddRange(await CheckDeployedAsync(d, ct).ConfigureAwait(false));
        issues.AddRange(await CheckImageAsync(c, ct).ConfigureAwait(false));
        return issues;
    }

    /// <summary>What the account allows: credentials, the vCPU quotas against compute.maxVCpus, and the CIDR against existing VPCs.</summary>
    public async Task<List<GcConfigurationIssue>> CheckAccountAsync(GcConfiguration c, CancellationToken ct)
    {
        var issues = new List<GcConfigurationIssue>();
        void Add(string severity, string setting, string problem, string fix, object? value = null) =>
            issues.Add(new GcConfigurationIssue { Setting = setting, Severity = severity, Problem = problem, Fix = fix, Value = value?.ToString() });

        try
        {
            await sts.GetCallerIdentityAsync(ct).ConfigureAwait(false);
        }
        catch (GcException ex) when (ex.Kind is GcErrorKind.AuthenticationError or GcErrorKind.PermissionDenied or GcErrorKind.ConnectionError)
        {
            Add(IssueSeverity.Error, c.Profile is null ? "credentials" : "profile", $"AWS did not accept the credentials: {ex.Problem}", ex.Fix ?? "Refresh the credentials.", c.Profile);
            return issues; // nothing else can be checked without credentials
        }

        foreach (var (code, pricing, severity) in new[] { (OnDemandQuota, "On-Demand", IssueSeverity.Error), (SpotQuota, "Spot", IssueSeverity.Warning) })
        {
            try
            {
                var quota = await quotas.GetServiceQuotaAsync("ec2", code, ct).ConfigureAwait(false);
                if (quota.Value < c.Compute.MaxVCpus)
                {
                    Add(severity, "compute.maxVCpus", $"compute.maxVCpus is {c.Compute.MaxVCpus}, but the Standard {pricing} vCPU quota ({code}) in {c.Region} is {quota.Value}.",
                        $"Lower compute.maxVCpus to {quota.Value}, or ask for more: Request-GcQuotaIncrease -QuotaCode {code} -DesiredValue {c.Compute.MaxVCpus}", c.Compute.MaxVCpus);
                }
            }
            catch (GcException ex) when (ex.Kind is GcErrorKind.PermissionDenied)
            {
                Add(IssueSeverity.Warning, "compute.maxVCpus", $"The {pricing} vCPU quota could not be read: {ex.Problem}", "Allow servicequotas:GetServiceQuota to have it checked.");
            }
        }

        if (c.Network.CreateVpc && c.Deployed?.VpcId is null)
        {
            foreach (var (vpcId, cidr) in await platform.DescribeVpcsAsync(ct).ConfigureAwait(false))
            {
                if (ConfigurationValidator.Overlaps(c.Network.VpcCidr, cidr))
                {
                    Add(IssueSeverity.Warning, "network.vpcCidr", $"{c.Network.VpcCidr} overlaps {vpcId} ({cidr}) in {c.Region}; the two could never be peered.",
                        "Choose a block that overlaps no VPC you may connect to, for example 10.43.0.0/16.", c.Network.VpcCidr);
                }
            }
        }

        return issues;
    }

    /// <summary>The default image, if one is set, is in ECR.</summary>
    private async Task<List<GcConfigurationIssue>> CheckImageAsync(GcConfiguration c, CancellationToken ct)
    {
        var issues = new List<GcConfigurationIssue>();
        void Add(string severity, string setting, string problem, string fix, object? value = null) =>
            issues.Add(new GcConfigurationIssue { Setting = setting, Severity = severity, Problem = problem, Fix = fix, Value = value?.ToString() });
        if (c.Defaults.Image is { } image)
        {
            var (repository, tag) = SplitImage(image);
            if (repository is not null && await ecr.FindRepositoryAsync(repository, ct).ConfigureAwait(false) is not null)
            {
                var found = false;
                await foreach (var detail in ecr.DescribeImagesAsync(repository, ct).ConfigureAwait(false))
                {
                    if (detail.ImageTags?.Contains(tag) == true) { found = true; break; }
                }
                if (!found) Add(IssueSeverity.Error, "defaults.image", $"The image '{image}' is not in ECR.", "Build it with Start-GcImageBuild, or pick one from Get-GcImage.", image);
            }
            else if (image.Contains(".dkr.ecr.", StringComparison.Ordinal))
            {
                Add(IssueSeverity.Error, "defaults.image", $"The repository of '{image}' does not exist.", "Build the image with Start-GcImageBuild, or pick one from Get-GcImage.", image);
            }
        }
        return issues;
    }

    /// <summary>The deployed resources: queues and compute environments ENABLED and VALID, the repository and the bucket present.</summary>
    public async Task<List<GcConfigurationIssue>> CheckDeployedAsync(GcDeployment d, CancellationToken ct)
    {
        var issues = new List<GcConfigurationIssue>();
        void Add(string severity, string setting, string problem, string fix, object? value) =>
            issues.Add(new GcConfigurationIssue { Setting = setting, Severity = severity, Problem = problem, Fix = fix, Value = value?.ToString() });
        await CheckQueuesAsync(d, Add, ct).ConfigureAwait(false);
        if (d.EcrRepository is { } repository && await ecr.FindRepositoryAsync(repository, ct).ConfigureAwait(false) is null)
        {
            Add(IssueSeverity.Error, "deployed.ecrRepository", $"The ECR repository '{repository}' does not exist.", "Deploy the platform again (Deploy-GcPlatform), or correct the configuration.", repository);
        }
        if (d.ResultsBucket is { } bucket && !await platform.BucketExistsAsync(bucket, ct).ConfigureAwait(false))
        {
            Add(IssueSeverity.Error, "deployed.resultsBucket", $"The results bucket '{bucket}' does not exist.", "Deploy the platform again (Deploy-GcPlatform), or correct the configuration.", bucket);
        }
        return issues;
    }

    private async Task CheckQueuesAsync(GcDeployment d, Action<string, string, string, string, object?> add, CancellationToken ct)
    {
        var queues = new Dictionary<string, JobQueueShape>(StringComparer.Ordinal);
        await foreach (var q in batch.DescribeJobQueuesAsync(null, ct).ConfigureAwait(false)) queues[q.JobQueueName] = q;
        foreach (var (setting, name) in new[] { ("deployed.spotJobQueue", d.SpotJobQueue), ("deployed.onDemandJobQueue", d.OnDemandJobQueue) })
        {
            if (name is null) continue;
            if (!queues.TryGetValue(name, out var queue)) add(IssueSeverity.Error, setting, $"The job queue '{name}' does not exist.", "Deploy the platform again (Deploy-GcPlatform).", name);
            else if (queue.State != "ENABLED" || queue.Status is not ("VALID" or null)) add(IssueSeverity.Error, setting, $"The job queue '{name}' is {queue.State}/{queue.Status}.", "Enable it (aws batch update-job-queue --state ENABLED) or redeploy.", name);
        }
        var environments = new Dictionary<string, ComputeEnvironmentShape>(StringComparer.Ordinal);
        await foreach (var e in batch.DescribeComputeEnvironmentsAsync(null, ct).ConfigureAwait(false)) environments[e.ComputeEnvironmentName] = e;
        foreach (var name in d.ComputeEnvironments)
        {
            if (!environments.TryGetValue(name, out var environment)) add(IssueSeverity.Error, "deployed.computeEnvironments", $"The compute environment '{name}' does not exist.", "Deploy the platform again (Deploy-GcPlatform).", name);
            else if (environment.Status != "VALID" || environment.State != "ENABLED")
            {
                add(IssueSeverity.Error, "deployed.computeEnvironments", $"The compute environment '{name}' is {environment.State}/{environment.Status}.",
                    "An INVALID environment usually lacks its service role or subnets; see its status reason in the Batch console, fix, and redeploy.", name);
            }
        }
    }

    private static (string? Repository, string Tag) SplitImage(string image)
    {
        var slash = image.IndexOf('/');
        if (slash < 0) return (null, "");
        var path = image[(slash + 1)..];
        var colon = path.LastIndexOf(':');
        return colon < 0 ? (path, "latest") : (path[..colon], path[(colon + 1)..]);
    }
}
