namespace GeosChem.PowerShell.Models;

/// <summary>One line of a job attempt's container output, from CloudWatch Logs.</summary>
public sealed class GcJobLogEvent
{
    public string JobId { get; set; } = "";
    public int Attempt { get; set; }
    public DateTime Timestamp { get; set; }
    public string Message { get; set; } = "";
    public string LogGroupName { get; set; } = "";
    public string LogStreamName { get; set; } = "";

    public override string ToString() => Message;
}
