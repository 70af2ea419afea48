using System.Text.Json.Nodes;
using GeosChem.AwsEmulator.Batch;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>CloudWatch Logs GetLogEvents (json 1.1, Logs_20140328) over the streams of Batch job attempts.</summary>
public sealed class LogsHandler : IServiceHandler
{
    private const string TargetPrefix = "Logs_20140328.";

    public string SigningName => "logs";
    public string IamPrefix => "logs";
    public (int Status, string Code) Throttling => (400, "ThrottlingException");
    public (int Status, string Code) UnknownKey => (400, "UnrecognizedClientException");
    public (int Status, string Code) BadSignature => (400, "InvalidSignatureException");

    public string? OperationOf(EmulatorRequest request) => request.Target == TargetPrefix + "GetLogEvents" ? "GetLogEvents" : null;

    public EmulatorResponse Error(int status, string code, string message, string requestId) => JsonWire.Error(status, code, message);

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var input = request.Json();
        var group = input.Required("logGroupName", "InvalidParameterException");
        var stream = input.Required("logStreamName", "InvalidParameterException");
        var limit = (int)(input.Num("limit") ?? 10_000);
        if (limit is < 1 or > 10_000) throw new EmulatorError(400, "InvalidParameterException", "limit must be between 1 and 10000.");
        var fromHead = input["startFromHead"]?.GetValue<bool>() ?? false;
        var startTime = input.Num("startTime");
        List<(DateTime At, string Message)> events;
        lock (request.Region.Gate)
        {
            var world = request.Region.Batch;
            var now = request.Region.Clock.UtcNow;
            world.Advance(now);
            if (world.LogStreams.TryGetValue(stream, out var owner) && owner.Job.Definition.LogGroup == group)
            {
                events = BatchLogs.EventsFor(world, owner.Job, owner.Attempt, now);
            }
            else if (request.Region.LogEvents.TryGetValue((group, stream), out var written))
            {
                events = [.. written];
            }
            else throw new EmulatorError(400, "ResourceNotFoundException", "The specified log stream does not exist.");
        }
        if (startTime is { } ms) events = events.Where(e => BatchJson.Millis(e.At) >= (long)ms).ToList();

        var token = input.Str("nextToken");
        int begin, end;
        if (token is not null)
        {
            var offset = ParseToken(token, out var forward);
            (begin, end) = forward ? (offset, Math.Min(events.Count, offset + limit)) : (Math.Max(0, offset - limit), offset);
        }
        else if (fromHead) (begin, end) = (0, Math.Min(events.Count, limit));
        else (begin, end) = (Math.Max(0, events.Count - limit), events.Count);

        var result = new JsonObject
        {
            ["events"] = new JsonArray([.. events.Skip(begin).Take(end - begin).Select(e => (JsonNode)new JsonObject
            {
                ["timestamp"] = BatchJson.Millis(e.At), ["message"] = e.Message, ["ingestionTime"] = BatchJson.Millis(e.At) + 200,
            })]),
            ["nextForwardToken"] = $"f/{end:D10}",
            ["nextBackwardToken"] = $"b/{begin:D10}",
        };
        return JsonWire.Ok(result);
    }

    private static int ParseToken(string token, out bool forward)
    {
        forward = token.StartsWith("f/", StringComparison.Ordinal);
        if ((forward || token.StartsWith("b/", StringComparison.Ordinal)) && int.TryParse(token[2..], out var offset)) return offset;
        throw new EmulatorError(400, "InvalidParameterException", "The specified nextToken is invalid.");
    }
}
