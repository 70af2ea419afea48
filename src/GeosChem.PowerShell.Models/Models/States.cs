namespace GeosChem.PowerShell.Models;

// The states the public objects report, one constant set each. Outputs keep them as text (what Batch, the
// configuration file and earlier versions show), so scripts that compare with -eq 'FAILED' keep working.

/// <summary>An AWS Batch job's status, spelled as Batch spells it (GcBatchJob.Status).</summary>
internal static class BatchJobStatus
{
    public const string Submitted = "SUBMITTED";
    public const string Pending = "PENDING";
    public const string Runnable = "RUNNABLE";
    public const string Starting = "STARTING";
    public const string Running = "RUNNING";
    public const string Succeeded = "SUCCEEDED";
    public const string Failed = "FAILED";

    /// <summary>Every status, in the order a job moves through them.</summary>
    public static readonly string[] All = [Submitted, Pending, Runnable, Starting, Running, Succeeded, Failed];

    /// <summary>The statuses of a job that is queued or running (not finished).</summary>
    public static readonly string[] Active = [Submitted, Pending, Runnable, Starting, Running];

    public static bool IsFinished(string? status) => status is Succeeded or Failed;

    /// <summary>Whether the job has a container on an instance now (so it is terminated, not cancelled, and costs money).</summary>
    public static bool HasContainer(string? status) => status is Starting or Running;
}

/// <summary>An image build's status (GcImageBuild.Status).</summary>
internal static class ImageBuildStatus
{
    public const string Launching = "Launching";
    public const string Building = "Building";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string TimedOut = "TimedOut";
    public const string Cancelled = "Cancelled";
    /// <summary>The builder is gone and left no result.</summary>
    public const string Lost = "Lost";

    public static bool IsFinished(string? status) => status is Succeeded or Failed or TimedOut or Cancelled or Lost;

    /// <summary>The ends that are reported as an error (a cancelled build was stopped on purpose).</summary>
    public static bool IsFailure(string? status) => status is Failed or TimedOut or Lost;
}

/// <summary>How much a configuration or platform issue matters (GcConfigurationIssue.Severity).</summary>
internal static class IssueSeverity
{
    /// <summary>Stops a deployment.</summary>
    public const string Error = "Error";
    public const string Warning = "Warning";
    public const string Info = "Info";
}

/// <summary>A platform's state (GcPlatform.Status).</summary>
internal static class PlatformStatus
{
    public const string NotDeployed = "NotDeployed";
    public const string Healthy = "Healthy";
    public const string Degraded = "Degraded";
}
