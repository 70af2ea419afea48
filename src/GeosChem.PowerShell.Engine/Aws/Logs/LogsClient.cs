using GeosChem.PowerShell.Aws.Protocol;

namespace GeosChem.PowerShell.Aws.Logs;

internal sealed record GetLogEventsRequest
{
    public required string LogGroupName { get; init; }
    public required string LogStreamName { get; init; }
    public long? StartTime { get; init; }
    public string? NextToken { get; init; }
    public int? Limit { get; init; }
    public bool? StartFromHead { get; init; }
}

internal sealed record OutputLogEvent(long Timestamp, string Message, long? IngestionTime);

internal sealed record GetLogEventsResponse(List<OutputLogEvent>? Events, string? NextForwardToken, string? NextBackwardToken);

/// <summary>CloudWatch Logs (json 1.1, Logs_20140328) for reading job log streams.</summary>
internal sealed class LogsClient(AwsProtocolClient protocol)
{
    public Task<GetLogEventsResponse> GetLogEventsAsync(GetLogEventsRequest request, CancellationToken ct) =>
        protocol.CallJsonAsync<GetLogEventsResponse>("GetLogEvents", request, ct);
}
