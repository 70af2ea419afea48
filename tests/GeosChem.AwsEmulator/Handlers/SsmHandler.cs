using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>
/// SSM Run Command (json 1.1, AmazonSSM): SendCommand, GetCommandInvocation, ListCommandInvocations. The emulated
/// agent "runs" a command by printing its step markers (lines of the form echo "##[gc-step] ...") over the command's
/// run time; a successful image build also lands its image in ECR, as the real push would.
/// </summary>
public sealed partial class SsmHandler : IServiceHandler
{
    private const string TargetPrefix = "AmazonSSM.";
    private static readonly string[] Operations = ["SendCommand", "GetCommandInvocation", "ListCommandInvocations"];

    public string SigningName => "ssm";
    public string IamPrefix => "ssm";
    public (int Status, string Code) Throttling => (400, "ThrottlingException");
    public (int Status, string Code) UnknownKey => (400, "UnrecognizedClientException");
    public (int Status, string Code) BadSignature => (400, "InvalidSignatureException");

    [GeneratedRegex(@"echo ""(##\[gc-step\][^""]*)""")]
    private static partial Regex StepMarker();

    [GeneratedRegex("IMAGE_URI='([^']+)'")]
    private static partial Regex ImageUri();

    public string? OperationOf(EmulatorRequest request) => JsonWire.OperationFromTarget(request, TargetPrefix, Operations);

    public EmulatorResponse Error(int status, string code, string message, string requestId) => JsonWire.Error(status, code, message);

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var input = request.Json();
        var region = request.Region;
        lock (region.Gate)
        {
            InstanceLifecycle.Advance(region);
            foreach (var c in region.Commands.Values) Advance(region, c);
            return operation switch
            {
                "SendCommand" => SendCommand(region, input),
                "GetCommandInvocation" => GetCommandInvocation(region, input),
                "ListCommandInvocations" => ListCommandInvocations(region, input),
                _ => throw new EmulatorError(400, "InvalidAction", operation),
            };
        }
    }

    private EmulatorResponse SendCommand(RegionState region, JsonObject input)
    {
        var document = input.Required("DocumentName", "InvalidDocument");
        if (document != "AWS-RunShellScript") throw new EmulatorError(400, "InvalidDocument", $"The emulator runs AWS-RunShellScript only, not {document}.");
        var ids = (input["InstanceIds"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList() ?? [];
        if (ids.Count != 1) throw new EmulatorError(400, "InvalidInstanceId", "The emulator runs a command on exactly one instance.");
        var instance = region.Instances.FirstOrDefault(i => i.InstanceId == ids[0]);
        var now = region.Clock.UtcNow;
        if (instance is null || instance.State != "running" || instance.LaunchTime.AddSeconds(region.Ssm.AgentReadySeconds) > now)
        {
            throw new EmulatorError(400, "InvalidInstanceId", "Instances [[" + ids[0] + "]] not in a valid state for account " + region.Account);
        }
        var commands = (input["Parameters"]?["commands"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList()
            ?? throw new EmulatorError(400, "InvalidParameters", "The commands parameter is required.");
        var command = new SsmCommand
        {
            CommandId = Guid.NewGuid().ToString("D"),
            InstanceId = ids[0],
            DocumentName = document,
            Commands = commands,
            RequestedAt = now,
            // The execution timeout of AWS-RunShellScript is its executionTimeout parameter (default 3600 s).
            TimeoutSeconds = int.TryParse((input["Parameters"]?["executionTimeout"] as JsonArray)?.FirstOrDefault()?.GetValue<string>(), out var t) ? t : 3600,
            Settings = region.Ssm,
            OutputBucket = input.Str("OutputS3BucketName"),
            OutputPrefix = input.Str("OutputS3KeyPrefix"),
            Comment = input.Str("Comment"),
        };
        region.Commands[command.CommandId] = command;
        return JsonWire.Ok(new JsonObject
        {
            ["Command"] = new JsonObject
            {
                ["CommandId"] = command.CommandId, ["DocumentName"] = document, ["Comment"] = command.Comment,
                ["InstanceIds"] = new JsonArray(ids[0]), ["Status"] = "Pending", ["RequestedDateTime"] = JsonWire.Epoch(now),
                ["TimeoutSeconds"] = command.TimeoutSeconds, ["OutputS3BucketName"] = command.OutputBucket, ["OutputS3KeyPrefix"] = command.OutputPrefix,
            },
        });
    }

    private List<string> Steps(SsmCommand c) => c.Commands.SelectMany(line => StepMarker().Matches(line).Select(m => m.Groups[1].Value)).ToList();

    private void Advance(RegionState region, SsmCommand c)
    {
        if (c.Status != "InProgress") return;
        var now = region.Clock.UtcNow;
        var elapsed = (now - c.RequestedAt).TotalSeconds;
        var s = c.Settings;
        var steps = Math.Max(1, Steps(c).Count);
        var failAt = s.Outcome == "Failed" ? c.RequestedAt.AddSeconds(s.CommandSeconds * Math.Min(s.FailAtStep, steps) / steps) : (DateTime?)null;
        if (failAt is { } f && f <= now && (f - c.RequestedAt).TotalSeconds <= c.TimeoutSeconds)
        {
            (c.Status, c.EndedAt, c.ResponseCode) = ("Failed", f, 1);
        }
        else if (elapsed >= c.TimeoutSeconds && (s.Outcome == "Hang" || s.CommandSeconds > c.TimeoutSeconds || failAt is not null))
        {
            (c.Status, c.EndedAt, c.ResponseCode) = ("TimedOut", c.RequestedAt.AddSeconds(c.TimeoutSeconds), -1);
        }
        else if (s.Outcome == "Success" && elapsed >= s.CommandSeconds && s.CommandSeconds <= c.TimeoutSeconds)
        {
            (c.Status, c.EndedAt, c.ResponseCode) = ("Success", c.RequestedAt.AddSeconds(s.CommandSeconds), 0);
        }
        if (c.Status == "Success" && !c.Published) Publish(region, c);
    }

    /// <summary>
    /// What the command's podman push would have done: the image appears in its ECR repository, or, where the tag is
    /// already taken in an immutable repository, the push fails and with it the command.
    /// </summary>
    private void Publish(RegionState region, SsmCommand c)
    {
        c.Published = true;
        var uri = c.Commands.Select(line => ImageUri().Match(line)).FirstOrDefault(m => m.Success)?.Groups[1].Value;
        if (uri is null) return;
        var (repository, tag) = EcrHandler.Split(uri);
        if (!region.Repositories.TryGetValue(repository, out var repo)) return;
        var image = new EcrImage { Digest = "sha256:" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(c.CommandId))), SizeBytes = 1_850_000_000, PushedAt = c.EndedAt ?? region.Clock.UtcNow };
        try
        {
            repo.Put(image, tag);
        }
        catch (EmulatorError refused)
        {
            (c.Status, c.ResponseCode, c.PushError) = ("Failed", 1, $"Error: writing manifest: {refused.Code}: {refused.Message}");
        }
    }

    private (string Output, string Error) OutputOf(RegionState region, SsmCommand c)
    {
        var steps = Steps(c);
        var end = c.EndedAt ?? region.Clock.UtcNow;
        var fraction = Math.Clamp((end - c.RequestedAt).TotalSeconds / Math.Max(0.001, c.Settings.CommandSeconds), 0, 1);
        var shown = c.Status == "Success" ? steps.Count : Math.Min(steps.Count, (int)Math.Floor(fraction * steps.Count) + 1);
        if (c.Status == "Failed" && c.PushError is null) shown = Math.Min(steps.Count, c.Settings.FailAtStep);
        var lines = steps.Take(shown).SelectMany((s, i) => new[] { s, $"   (emulated work of step {i + 1})" }).ToList();
        var error = "";
        if (c.Status == "Success" && c.Commands.Select(l => ImageUri().Match(l)).FirstOrDefault(m => m.Success) is { } uri)
        {
            var (repository, tag) = EcrHandler.Split(uri.Groups[1].Value);
            var digest = region.Repositories.GetValueOrDefault(repository)?.Images.FirstOrDefault(i => i.Tags.Contains(tag))?.Digest ?? "sha256:0";
            lines.Add($"##[gc-result] pushed {uri.Groups[1].Value}@{digest}");
        }
        if (c.Status == "Failed") error = c.PushError ?? $"Error: building at step {shown}: subprocess exited with status 2";
        if (c.Status == "TimedOut") error = "command timed out";
        return (string.Join('\n', lines), error);
    }

    private SsmCommand Find(RegionState region, JsonObject input)
    {
        var id = input.Required("CommandId", "InvalidCommandId");
        return region.Commands.GetValueOrDefault(id) ?? throw new EmulatorError(400, "InvalidCommandId", $"Command {id} does not exist.");
    }

    private EmulatorResponse GetCommandInvocation(RegionState region, JsonObject input)
    {
        var c = Find(region, input);
        if (input.Str("InstanceId") != c.InstanceId || region.Clock.UtcNow < c.RequestedAt.AddSeconds(c.Settings.InvocationVisibleAfterSeconds))
        {
            throw new EmulatorError(400, "InvocationDoesNotExist", "The invocation does not exist.");
        }
        var (output, error) = OutputOf(region, c);
        var json = new JsonObject
        {
            ["CommandId"] = c.CommandId, ["InstanceId"] = c.InstanceId, ["DocumentName"] = c.DocumentName, ["PluginName"] = "aws:runShellScript",
            ["ResponseCode"] = c.ResponseCode ?? -1, ["Status"] = c.Status, ["StatusDetails"] = c.Status,
            ["ExecutionStartDateTime"] = c.RequestedAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ"),
            ["ExecutionElapsedTime"] = $"PT{((c.EndedAt ?? region.Clock.UtcNow) - c.RequestedAt).TotalSeconds:0.###}S",
            ["ExecutionEndDateTime"] = c.EndedAt?.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") ?? "",
            ["StandardOutputContent"] = output, ["StandardErrorContent"] = error,
            ["StandardOutputUrl"] = c.OutputBucket is null ? "" : $"https://s3.amazonaws.com/{c.OutputBucket}/{c.OutputPrefix}/{c.CommandId}/{c.InstanceId}/awsrunShellScript/0.awsrunShellScript/stdout",
        };
        return JsonWire.Ok(json);
    }

    private EmulatorResponse ListCommandInvocations(RegionState region, JsonObject input)
    {
        var id = input.Str("CommandId");
        var instance = input.Str("InstanceId");
        var details = input["Details"]?.GetValue<bool>() ?? false;
        var list = region.Commands.Values.Where(c => (id is null || c.CommandId == id) && (instance is null || c.InstanceId == instance))
            .OrderBy(c => c.RequestedAt).Select(c =>
            {
                var (output, _) = OutputOf(region, c);
                var json = new JsonObject
                {
                    ["CommandId"] = c.CommandId, ["InstanceId"] = c.InstanceId, ["DocumentName"] = c.DocumentName, ["Comment"] = c.Comment,
                    ["RequestedDateTime"] = JsonWire.Epoch(c.RequestedAt), ["Status"] = c.Status, ["StatusDetails"] = c.Status,
                };
                if (details)
                {
                    json["CommandPlugins"] = new JsonArray(new JsonObject
                    {
                        ["Name"] = "aws:runShellScript", ["Status"] = c.Status, ["ResponseCode"] = c.ResponseCode ?? -1, ["Output"] = output,
                        ["OutputS3BucketName"] = c.OutputBucket, ["OutputS3KeyPrefix"] = c.OutputPrefix,
                    });
                }
                return (JsonNode)json;
            }).ToList();
        return JsonWire.Ok(new JsonObject { ["CommandInvocations"] = new JsonArray([.. list]) });
    }
}
