using System.Text.Json.Nodes;

namespace GeosChem.AwsEmulator.Batch;

public sealed record RetryRule(string? OnStatusReason, string? OnReason, string? OnExitCode, string Action);

/// <summary>One attempt of a job: where it ran, when, and how it ended.</summary>
public sealed class BatchAttempt
{
    public required int Number { get; init; }
    public required string InstanceType { get; init; }
    public required string ContainerInstanceArn { get; init; }
    public required string TaskArn { get; init; }
    public required string LogStreamName { get; init; }
    public DateTime? StartedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    public string? StatusReason { get; set; }
    public string? Reason { get; set; }
    public int? ExitCode { get; set; }
    /// <summary>The simulation time of the restart file this attempt resumed from, if any.</summary>
    public DateTime? ResumedFrom { get; set; }
    /// <summary>What GEOS-Chem printed in this attempt, made once when it ended well.</summary>
    public IReadOnlyList<string>? GeosChemLines { get; set; }
}

/// <summary>A job in the emulator's Batch: a top-level job, an array child (id:N) or a multi-node node (id#N).</summary>
public sealed class BatchJob
{
    public required string JobId { get; init; }
    public required string JobName { get; init; }
    public required string JobQueueArn { get; init; }
    public required JobDefinitionRecord Definition { get; init; }
    public required DateTime CreatedAt { get; init; }
    public required JobScenario Scenario { get; init; }
    public JsonObject Parameters { get; init; } = [];
    public JsonObject Tags { get; init; } = [];
    public JsonObject? ContainerOverrides { get; init; }
    public List<(string JobId, string? Type)> DependsOn { get; init; } = [];
    public int RetryAttempts { get; init; } = 1;
    public List<RetryRule> RetryRules { get; init; } = [];
    public int? TimeoutSeconds { get; init; }
    public int? ArraySize { get; init; }
    public int? ArrayIndex { get; init; }
    public BatchJob? Parent { get; init; }
    public List<BatchJob> Children { get; } = [];
    public int? NodeIndex { get; init; }
    public int? NumNodes { get; init; }
    public bool IsMainNode { get; init; }

    public string Status { get; set; } = "SUBMITTED";
    public string? StatusReason { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? StoppedAt { get; set; }
    public List<BatchAttempt> Attempts { get; } = [];
    public int ReclaimsSoFar { get; set; }
    public DateTime? NextTransitionAt { get; set; }
    public bool TerminateRequested { get; set; }
    public string? TerminateReason { get; set; }

    public bool IsArrayParent => ArraySize is not null && ArrayIndex is null;
    public bool IsMultiNodeParent => NumNodes is not null && NodeIndex is null;
    public bool IsTopLevel => Parent is null;
    public bool IsFinished => Status is "SUCCEEDED" or "FAILED";
    public BatchAttempt? CurrentAttempt => Attempts.Count > 0 && Attempts[^1].StoppedAt is null ? Attempts[^1] : null;

    public int VCpus => Definition.VCpus(ContainerOverrides);
}

/// <summary>How a job behaves when it runs, chosen by the first scenario whose name pattern matches.</summary>
public sealed record JobScenario
{
    public string NamePattern { get; init; } = "*";
    public double? RunSeconds { get; init; }
    public int ExitCode { get; init; }
    /// <summary>How many attempts in a row are ended by a Spot reclaim before one runs to completion.</summary>
    public int SpotReclaims { get; init; }
    /// <summary>A damaged GEOS-Chem log: "truncated" (cut mid-way through the timer table) or "corrupt" (timer rows garbled).</summary>
    public string? TimerLog { get; init; }
    /// <summary>
    /// How much longer GEOS-Chem runs in this scenario than the runtime model predicts (a slower build, file system or
    /// input data than the published timings had): with it the emulated runs differ from the model, so a demo or test
    /// can show the model learning from them.
    /// </summary>
    public double RuntimeFactor { get; init; } = 1;
}

/// <summary>The seconds each state lasts in the emulator's Batch (before the clock is advanced by tests).</summary>
public sealed record BatchTimings
{
    public double SubmittedSeconds { get; init; } = 1;
    public double RunnableSeconds { get; init; } = 2;
    public double StartingSeconds { get; init; } = 2;
    public double RunningSeconds { get; init; } = 30;
}

public sealed record JobDefinitionRecord(string Name, int Revision, string Arn, string Type, JsonObject Body)
{
    public string Status { get; set; } = "ACTIVE";

    public JsonObject? Container => Type == "multinode"
        ? (Body["nodeProperties"]?["nodeRangeProperties"] as JsonArray)?.OfType<JsonObject>().FirstOrDefault()?["container"] as JsonObject
        : Body["containerProperties"] as JsonObject;

    public int VCpus(JsonObject? overrides)
    {
        var fromOverride = Requirement(overrides, "VCPU");
        return fromOverride ?? Requirement(Container, "VCPU") ?? (int?)Container?["vcpus"]?.GetValue<double>() ?? 1;
    }

    public string? InstanceType => Container?["instanceType"]?.GetValue<string>();

    public string LogGroup => Container?["logConfiguration"]?["options"]?["awslogs-group"]?.GetValue<string>() ?? "/aws/batch/job";

    private static int? Requirement(JsonObject? container, string type) =>
        (container?["resourceRequirements"] as JsonArray)?.OfType<JsonObject>()
            .Where(r => r["type"]?.GetValue<string>() == type)
            .Select(r => int.TryParse(r["value"]?.GetValue<string>(), out var v) ? v : (int?)null).FirstOrDefault();
}

public sealed record ComputeEnvironmentRecord(string Name, string Arn, string Type, int MaxVCpus, string[] InstanceTypes, string EcsClusterArn,
    string LaunchTemplateId, string? PlacementGroup = null);

public sealed record JobQueueRecord(string Name, string Arn, int Priority, string[] ComputeEnvironments, Dictionary<string, string> Tags);
