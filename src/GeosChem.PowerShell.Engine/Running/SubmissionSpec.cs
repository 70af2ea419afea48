namespace GeosChem.PowerShell.Running;

/// <summary>One job to submit, as a user or a CSV row asked for it (already checked by <see cref="BatchInput"/>).</summary>
internal sealed record SubmissionSpec
{
    public required string Name { get; init; }
    public required string Queue { get; init; }
    public required string Definition { get; init; }
    public string? RunDirectory { get; init; }
    public string? OutputPrefix { get; init; }
    public string? RestartPrefix { get; init; }
    public DateTime? SimulationStart { get; init; }
    public DateTime? SimulationEnd { get; init; }
    public IReadOnlyDictionary<string, string> Parameters { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();
    public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    public int? ArraySize { get; init; }
    public bool Sequential { get; init; }
    public IReadOnlyList<string> DependsOn { get; init; } = [];
    /// <summary>Array child i waits for child i of each array it depends on.</summary>
    public bool NToN { get; init; }
    public int? NodeCount { get; init; }
    public bool FallbackToOnDemand { get; init; }
    public string? FallbackQueue { get; init; }
    public int MaxSpotReclaims { get; init; } = 2;
    public string? PreviousJobId { get; init; }
    /// <summary>Submit even when the same submission was made before (a fresh submission id).</summary>
    public bool Resubmit { get; init; }
}

/// <summary>How fast and how widely submissions go out.</summary>
internal sealed record SubmitOptions
{
    /// <summary>AWS Batch's published SubmitJob rate: 50 per second per account and region.</summary>
    public const double DefaultRatePerSecond = 50;

    public double RatePerSecond { get; init; } = DefaultRatePerSecond;
    public int MaxConcurrency { get; init; } = 16;
    /// <summary>How many times an ambiguous SubmitJob is looked up and, if absent, sent again.</summary>
    public int MaxResolveRounds { get; init; } = 5;
    /// <summary>Wait before looking for a job after an ambiguous answer: ListJobs can lag a submission by a moment.</summary>
    public TimeSpan LookupSettleDelay { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>The deployed results bucket, whose writable prefix output and restart prefixes are checked against.</summary>
    public ResultsLocation? Results { get; init; }
    /// <summary>Reads the account's vCPU quotas, to warn about a job larger than its quota (none: no check).</summary>
    public Planning.QuotaPlanner? Quotas { get; init; }
    /// <summary>Where warnings go (the cmdlet's warning stream).</summary>
    public Action<string> Warn { get; init; } = _ => { };
}
