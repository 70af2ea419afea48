namespace GeosChem.PowerShell.Models;

/// <summary>
/// One AWS Batch job (or array child "id:N", or multi-node node "id#N"). JobId, JobQueue and Region bind by name to
/// the other job cmdlets and to AWS Tools (Get-BATJobDetail, Stop-BATJob).
/// </summary>
public sealed class GcBatchJob
{
    public string JobId { get; set; } = "";
    public string JobName { get; set; } = "";
    public string JobQueue { get; set; } = "";
    public string JobDefinition { get; set; } = "";
    public string Status { get; set; } = "";
    public string? StatusReason { get; set; }
    public DateTime? CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    public int? ArraySize { get; set; }
    public int? ArrayIndex { get; set; }
    /// <summary>Children per status for an array parent (from Batch's status summary).</summary>
    public IReadOnlyDictionary<string, int>? ChildStatus { get; set; }
    public int? NodeCount { get; set; }
    public int? NodeIndex { get; set; }
    /// <summary>Attempts so far; null when the job came from a listing, which does not carry them.</summary>
    public int? Attempts { get; set; }
    public GcJobAttempt[] AttemptDetails { get; set; } = [];
    /// <summary>Attempts ended by an EC2 Spot reclaim (status reason "Host EC2 ...").</summary>
    public int SpotReclaims { get; set; }
    public int? ExitCode { get; set; }
    public string? LogStreamName { get; set; }
    public string? LogGroupName { get; set; }
    public string? RestartPrefix { get; set; }
    /// <summary>Our tag that makes a submission findable after a lost answer, so it is never submitted twice.</summary>
    public string? SubmissionId { get; set; }
    /// <summary>The Spot job this one replaced on the On-Demand queue, if any.</summary>
    public string? PreviousJobId { get; set; }
    /// <summary>The On-Demand job that replaced this Spot job, if any.</summary>
    public string? ResubmittedAs { get; set; }
    public IReadOnlyDictionary<string, string> Tags { get; set; } = new Dictionary<string, string>();
    public string Region { get; set; } = "";

    public bool IsFinished => BatchJobStatus.IsFinished(Status);

    /// <summary>The submission's restart-contract variables (run directory, prefixes, dates), kept to resubmit it On-Demand.</summary>
    internal IReadOnlyDictionary<string, string> ContractEnvironment { get; set; } = new Dictionary<string, string>();
}

/// <summary>One attempt of a job: when and how it ended, where its log went.</summary>
public sealed class GcJobAttempt
{
    public int Attempt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    public string? StatusReason { get; set; }
    public int? ExitCode { get; set; }
    public string? LogStreamName { get; set; }
    public string? ContainerInstanceArn { get; set; }
    public bool SpotReclaim { get; set; }
}
