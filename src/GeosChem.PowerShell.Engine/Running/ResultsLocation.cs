using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Where jobs write on the deployed platform. The platform's job role (terraform/iam.tf) may put objects only under
/// results/ of the results bucket (and read runs/ and results/), so output and restart prefixes default to
/// s3://&lt;results bucket&gt;/results/&lt;job name&gt;/, and a prefix elsewhere is refused for a job that runs as that role.
/// What the role may write is known from the Terraform this module deploys and the bucket and role recorded in the
/// configuration; a job definition with another role is not checked (what that role may do is not known here).
/// </summary>
internal sealed class ResultsLocation(string bucket, string? jobRoleArn)
{
    /// <summary>The only prefix of the results bucket the platform's job role may write (terraform/iam.tf, s3:PutObject).</summary>
    public const string WritablePrefix = "results/";

    public string Bucket => bucket;

    public static ResultsLocation? From(GcDeployment? deployed) =>
        string.IsNullOrWhiteSpace(deployed?.ResultsBucket) ? null : new ResultsLocation(deployed.ResultsBucket, deployed.JobRoleArn);

    /// <summary>The default output prefix of a job: its own folder under results/.</summary>
    public string DefaultOutputPrefix(string jobName) => $"s3://{bucket}/{WritablePrefix}{jobName}/";

    public bool Writable(string prefix) => prefix.StartsWith($"s3://{bucket}/{WritablePrefix}", StringComparison.Ordinal);

    /// <summary>Refuses an output or restart prefix the platform's job role cannot write, when the job runs as that role.</summary>
    public void CheckWritable(string? definitionRole, string jobName, params (string Parameter, string? Prefix)[] prefixes)
    {
        if (jobRoleArn is null || !string.Equals(definitionRole, jobRoleArn, StringComparison.Ordinal)) return;
        foreach (var (parameter, prefix) in prefixes)
        {
            if (prefix is null || Writable(prefix)) continue;
            throw new GcException(ErrorIds.OutputPrefixNotWritable, GcErrorKind.InvalidArgument,
                $"-{parameter} {prefix} is not writable by the platform's job role ({jobRoleArn}), which may write only under s3://{bucket}/{WritablePrefix}; "
                + "the job would run and then fail to save its results.",
                $"Leave -{parameter} out (it defaults to s3://{bucket}/{WritablePrefix}<job name>/), or give a prefix under s3://{bucket}/{WritablePrefix}.", jobName);
        }
    }
}
