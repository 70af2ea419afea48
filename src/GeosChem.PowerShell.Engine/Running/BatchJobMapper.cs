using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Running;

/// <summary>Batch's wire shapes to our job objects.</summary>
internal static class BatchJobMapper
{
    public const string SubmissionTag = "geoschem:submission-id";
    public const string PreviousJobTag = "geoschem:previous-job";
    public const string FallbackQueueTag = "geoschem:fallback-queue";
    public const string MaxReclaimsTag = "geoschem:max-spot-reclaims";

    public static DateTime? Time(long? epochMillis) => epochMillis is { } ms ? DateTime.UnixEpoch.AddMilliseconds(ms) : null;

    public static bool IsSpotReclaim(string? statusReason) =>
        statusReason is not null && statusReason.StartsWith("Host EC2", StringComparison.OrdinalIgnoreCase);

    public static string QueueName(string queueArnOrName)
    {
        var slash = queueArnOrName.LastIndexOf('/');
        return slash >= 0 ? queueArnOrName[(slash + 1)..] : queueArnOrName;
    }

    /// <summary>"name:revision" from a definition ARN, the form Submit-GcBatchJob takes back.</summary>
    public static string DefinitionName(string definitionArnOrName)
    {
        var slash = definitionArnOrName.LastIndexOf('/');
        return slash >= 0 ? definitionArnOrName[(slash + 1)..] : definitionArnOrName;
    }

    public static GcBatchJob FromDetail(JobDetailShape d, string region)
    {
        var attempts = (d.Attempts ?? []).Select((a, i) => new GcJobAttempt
        {
            Attempt = i + 1,
            StartedAt = Time(a.StartedAt),
            StoppedAt = Time(a.StoppedAt),
            StatusReason = a.StatusReason,
            ExitCode = a.Container?.ExitCode,
            LogStreamName = a.Container?.LogStreamName,
            ContainerInstanceArn = a.Container?.ContainerInstanceArn,
            SpotReclaim = IsSpotReclaim(a.StatusReason),
        }).ToList();
        // A running attempt is not in "attempts" yet; its stream is on the container.
        var running = BatchJobStatus.HasContainer(d.Status) && d.Container?.LogStreamName is { } stream && attempts.All(a => a.LogStreamName != stream);
        if (running)
        {
            attempts.Add(new GcJobAttempt
            {
                Attempt = attempts.Count + 1,
                StartedAt = d.Status == BatchJobStatus.Running ? Time(d.StartedAt) : null,
                LogStreamName = d.Container!.LogStreamName,
                ContainerInstanceArn = d.Container.ContainerInstanceArn,
            });
        }
        var tags = d.Tags ?? [];
        var environment = (d.Container?.Environment ?? []).ToDictionary(e => e.Name, e => e.Value, StringComparer.Ordinal);
        return new GcBatchJob
        {
            JobId = d.JobId,
            JobName = d.JobName,
            JobQueue = QueueName(d.JobQueue),
            JobDefinition = DefinitionName(d.JobDefinition),
            Status = d.Status,
            StatusReason = d.StatusReason,
            CreatedAt = Time(d.CreatedAt),
            StartedAt = Time(d.StartedAt),
            StoppedAt = Time(d.StoppedAt),
            ArraySize = d.ArrayProperties?.Size,
            ArrayIndex = d.ArrayProperties?.Index,
            ChildStatus = d.ArrayProperties?.StatusSummary,
            NodeCount = d.NodeProperties?.NumNodes,
            NodeIndex = d.NodeDetails?.NodeIndex,
            Attempts = attempts.Count,
            AttemptDetails = [.. attempts],
            SpotReclaims = attempts.Count(a => a.SpotReclaim),
            ExitCode = d.Container?.ExitCode,
            LogStreamName = d.Container?.LogStreamName,
            LogGroupName = d.Container?.LogConfiguration?.Options?.GetValueOrDefault("awslogs-group") ?? JobDefinitionBuilder.DefaultLogGroup,
            RestartPrefix = environment.GetValueOrDefault(RestartContract.RestartPrefix),
            SubmissionId = tags.GetValueOrDefault(SubmissionTag),
            PreviousJobId = tags.GetValueOrDefault(PreviousJobTag),
            Tags = tags,
            ContractEnvironment = environment.Where(e => RestartContract.SubmissionVariables.Contains(e.Key)).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal),
            Region = region,
        };
    }

    public static GcBatchJob FromSummary(JobSummaryShape s, string queue, string region) => new()
    {
        JobId = s.JobId,
        JobName = s.JobName,
        JobQueue = QueueName(queue),
        JobDefinition = DefinitionName(s.JobDefinition ?? ""),
        Status = s.Status ?? "",
        StatusReason = s.StatusReason,
        CreatedAt = Time(s.CreatedAt),
        StartedAt = Time(s.StartedAt),
        StoppedAt = Time(s.StoppedAt),
        ArraySize = s.ArrayProperties?.Size,
        ArrayIndex = s.ArrayProperties?.Index,
        NodeCount = s.NodeProperties?.NumNodes,
        NodeIndex = s.NodeProperties?.NodeIndex,
        ExitCode = s.Container?.ExitCode,
        Region = region,
    };
}
