using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using GeosChem.AwsEmulator.Batch;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>AWS Batch (rest-json: POST /v1/&lt;operation in lower case&gt;, camelCase members, times in epoch milliseconds).</summary>
public sealed partial class BatchHandler(EmulatorState state) : IServiceHandler
{
    private static readonly string[] Operations =
    [
        "RegisterJobDefinition", "DescribeJobDefinitions", "SubmitJob", "DescribeJobs", "ListJobs", "TerminateJob", "CancelJob",
        "DescribeJobQueues", "DescribeComputeEnvironments",
    ];

    public string SigningName => "batch";
    public string IamPrefix => "batch";
    public (int Status, string Code) Throttling => (429, "TooManyRequestsException");
    public (int Status, string Code) UnknownKey => (403, "UnrecognizedClientException");
    public (int Status, string Code) BadSignature => (403, "InvalidSignatureException");

    public string? OperationOf(EmulatorRequest request)
    {
        var path = request.Http.Request.Path.Value ?? "";
        if (!HttpMethods.IsPost(request.Http.Request.Method) || !path.StartsWith("/v1/", StringComparison.Ordinal)) return null;
        return Operations.FirstOrDefault(o => o.Equals(path[4..], StringComparison.OrdinalIgnoreCase));
    }

    private static class HttpMethods
    {
        public static bool IsPost(string method) => string.Equals(method, "POST", StringComparison.OrdinalIgnoreCase);
    }

    public EmulatorResponse Error(int status, string code, string message, string requestId) => JsonWire.Error(status, code, message, "application/json");

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var input = request.Json();
        var region = request.Region;
        lock (region.Gate)
        {
            var world = region.Batch;
            var now = region.Clock.UtcNow;
            world.Advance(now);
            if (operation == "SubmitJob" && !world.TryTakeSubmitToken())
            {
                throw new EmulatorError(429, "TooManyRequestsException", "Too Many Requests");
            }
            JsonObject result = operation switch
            {
                "RegisterJobDefinition" => RegisterJobDefinition(world, input),
                "DescribeJobDefinitions" => DescribeJobDefinitions(world, input),
                "SubmitJob" => SubmitJob(world, input, now),
                "DescribeJobs" => DescribeJobs(world, input),
                "ListJobs" => ListJobs(world, input),
                "TerminateJob" => StopJob(world, input, now, terminate: true),
                "CancelJob" => StopJob(world, input, now, terminate: false),
                "DescribeJobQueues" => DescribeJobQueues(world, input),
                "DescribeComputeEnvironments" => DescribeComputeEnvironments(world, input),
                _ => throw Client($"Unknown operation {operation}"),
            };
            return JsonWire.Ok(result, "application/json");
        }
    }

    private static EmulatorError Client(string message) => new(400, "ClientException", message);

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,127}$")]
    private static partial Regex NamePattern();

    private static JsonObject RegisterJobDefinition(BatchWorld world, JsonObject input)
    {
        var name = input.Required("jobDefinitionName", "ClientException");
        if (!NamePattern().IsMatch(name)) throw Client("jobDefinitionName must be 1-128 letters, numbers, hyphens and underscores, starting with a letter or number.");
        var type = input.Required("type", "ClientException");
        if (type == "container")
        {
            var container = input["containerProperties"] as JsonObject ?? throw Client("containerProperties is required for a container job definition.");
            if (container.Str("image") is null) throw Client("containerProperties.image is required.");
            var requirements = (container["resourceRequirements"] as JsonArray)?.OfType<JsonObject>().Select(r => r.Str("type")).ToList() ?? [];
            if (!requirements.Contains("VCPU") || !requirements.Contains("MEMORY")) throw Client("containerProperties must give VCPU and MEMORY resourceRequirements.");
        }
        else if (type == "multinode")
        {
            var nodes = input["nodeProperties"] as JsonObject ?? throw Client("nodeProperties is required for a multinode job definition.");
            var numNodes = nodes.Num("numNodes") ?? 0;
            if (numNodes < 2) throw Client("nodeProperties.numNodes must be at least 2.");
            var ranges = (nodes["nodeRangeProperties"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
            if (ranges.Count == 0) throw Client("nodeProperties.nodeRangeProperties is required.");
            if (ranges.Any(r => r["container"]?["instanceType"] is null)) throw Client("Multi-node containers must name an instanceType.");
        }
        else throw Client($"type must be container or multinode, not '{type}'.");
        if (input["retryStrategy"]?["attempts"] is { } attempts && attempts.GetValue<double>() is < 1 or > 10) throw Client("retryStrategy.attempts must be between 1 and 10.");
        if ((input["retryStrategy"]?["evaluateOnExit"] as JsonArray)?.Count > 5) throw Client("retryStrategy.evaluateOnExit takes at most 5 entries.");
        if (input["timeout"]?["attemptDurationSeconds"] is { } timeout && timeout.GetValue<double>() < 60) throw Client("timeout.attemptDurationSeconds must be at least 60.");
        var body = JobDefinitionNormaliser.AsStored(input);
        var record = world.Register(name, type, body);
        return new JsonObject { ["jobDefinitionName"] = record.Name, ["jobDefinitionArn"] = record.Arn, ["revision"] = record.Revision };
    }

    private JsonObject DescribeJobDefinitions(BatchWorld world, JsonObject input)
    {
        var asked = (input["jobDefinitions"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList();
        var name = input.Str("jobDefinitionName");
        var status = input.Str("status");
        var all = world.Definitions.Values.SelectMany(v => v)
            .Where(d => asked is null || asked.Any(a => a == d.Arn || a == $"{d.Name}:{d.Revision}" || a == d.Name))
            .Where(d => name is null || d.Name == name)
            .Where(d => status is null || d.Status == status)
            .OrderBy(d => d.Name, StringComparer.Ordinal).ThenByDescending(d => d.Revision).ToList();
        var (page, next) = Page(all, input);
        var result = new JsonObject { ["jobDefinitions"] = new JsonArray([.. page.Select(d => (JsonNode)DefinitionJson(d))]) };
        if (next is not null) result["nextToken"] = next;
        return result;
    }

    private static JsonObject DefinitionJson(JobDefinitionRecord d)
    {
        var json = (JsonObject)d.Body.DeepClone();
        json["jobDefinitionArn"] = d.Arn;
        json["revision"] = d.Revision;
        json["status"] = d.Status;
        json["containerOrchestrationType"] = "ECS";
        return json;
    }

    private static JsonObject SubmitJob(BatchWorld world, JsonObject input, DateTime now)
    {
        var name = input.Required("jobName", "ClientException");
        if (!NamePattern().IsMatch(name)) throw Client("jobName must be 1-128 letters, numbers, hyphens and underscores, starting with a letter or number.");
        var queueName = input.Required("jobQueue", "ClientException");
        var queue = world.FindQueue(queueName) ?? throw Client($"JobQueue {queueName} not found.");
        var definitionName = input.Required("jobDefinition", "ClientException");
        var definition = world.FindDefinition(definitionName) ?? throw Client($"JobDefinition {definitionName} not found.");
        if (definition.Status != "ACTIVE") throw Client($"JobDefinition {definitionName} is INACTIVE.");
        if (definition.Type == "multinode" && world.FirstEnvironment(queue).Type == "SPOT")
        {
            throw Client("Multi-node parallel jobs cannot run in a compute environment of type SPOT.");
        }
        int? arraySize = input["arrayProperties"]?["size"] is { } size ? (int)size.GetValue<double>() : null;
        if (arraySize is not null && (arraySize < 2 || arraySize > BatchWorld.MaxArraySize)) throw Client($"Array size must be between 2 and {BatchWorld.MaxArraySize}.");
        var dependsOn = (input["dependsOn"] as JsonArray)?.OfType<JsonObject>().Select(d => (d.Str("jobId") ?? "", d.Str("type"))).ToList() ?? [];
        if (dependsOn.Count > BatchWorld.MaxDependencies) throw Client($"A job can depend on at most {BatchWorld.MaxDependencies} jobs.");
        foreach (var (id, _) in dependsOn.Where(d => d.Item1 != ""))
        {
            if (!world.Jobs.ContainsKey(id)) throw Client($"Dependent job ID {id} does not exist.");
        }
        var tags = input["tags"] as JsonObject ?? [];
        if (tags.Count > 50) throw Client("A job takes at most 50 tags.");
        var retry = input["retryStrategy"] as JsonObject ?? definition.Body["retryStrategy"] as JsonObject;
        var timeout = input["timeout"]?["attemptDurationSeconds"] ?? definition.Body["timeout"]?["attemptDurationSeconds"];
        if (timeout is not null && timeout.GetValue<double>() < 60) throw Client("timeout.attemptDurationSeconds must be at least 60.");
        var numNodes = definition.Type == "multinode"
            ? (int)(input["nodeOverrides"]?["numNodes"]?.GetValue<double>() ?? definition.Body["nodeProperties"]!["numNodes"]!.GetValue<double>()) : (int?)null;

        var job = new BatchJob
        {
            JobId = Guid.NewGuid().ToString("D"),
            JobName = name,
            JobQueueArn = queue.Arn,
            Definition = definition,
            CreatedAt = now,
            Scenario = world.ScenarioFor(name),
            Parameters = input["parameters"] as JsonObject is { } p ? (JsonObject)p.DeepClone() : [],
            Tags = (JsonObject)tags.DeepClone(),
            ContainerOverrides = input["containerOverrides"]?.DeepClone() as JsonObject,
            DependsOn = dependsOn,
            RetryAttempts = (int)(retry?["attempts"]?.GetValue<double>() ?? 1),
            RetryRules = (retry?["evaluateOnExit"] as JsonArray)?.OfType<JsonObject>()
                .Select(r => new RetryRule(r.Str("onStatusReason"), r.Str("onReason"), r.Str("onExitCode"), r.Str("action") ?? "RETRY")).ToList() ?? [],
            TimeoutSeconds = timeout is null ? null : (int)timeout.GetValue<double>(),
            ArraySize = arraySize,
            NumNodes = numNodes,
        };
        world.Submit(job);
        return new JsonObject { ["jobArn"] = $"arn:aws:batch:{world.Region}:{world.Account}:job/{job.JobId}", ["jobName"] = job.JobName, ["jobId"] = job.JobId };
    }

    private static JsonObject DescribeJobs(BatchWorld world, JsonObject input)
    {
        var ids = (input["jobs"] as JsonArray ?? throw Client("jobs is required.")).Select(n => n!.GetValue<string>()).ToList();
        if (ids.Count > 100) throw Client("DescribeJobs takes at most 100 job IDs.");
        var jobs = ids.Select(id => world.Jobs.GetValueOrDefault(id)).OfType<BatchJob>().Select(j => (JsonNode)BatchJson.Detail(world, j));
        return new JsonObject { ["jobs"] = new JsonArray([.. jobs]) };
    }

    private JsonObject ListJobs(BatchWorld world, JsonObject input)
    {
        var queueName = input.Str("jobQueue");
        var arrayJobId = input.Str("arrayJobId");
        var multiNodeJobId = input.Str("multiNodeJobId");
        if (new[] { queueName, arrayJobId, multiNodeJobId }.Count(v => v is not null) != 1)
        {
            throw Client("Specify exactly one of jobQueue, arrayJobId or multiNodeJobId.");
        }
        IEnumerable<BatchJob> jobs;
        if (queueName is not null)
        {
            var queue = world.FindQueue(queueName) ?? throw Client($"JobQueue {queueName} not found.");
            jobs = world.TopLevel.Where(j => j.JobQueueArn == queue.Arn);
        }
        else
        {
            var parent = world.Jobs.GetValueOrDefault(arrayJobId ?? multiNodeJobId!) ?? throw Client($"Job {arrayJobId ?? multiNodeJobId} not found.");
            jobs = parent.Children;
        }
        var filters = (input["filters"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        if (filters.Count > 1) throw Client("Only one filter can be used at a time.");
        if (filters.Count == 1)
        {
            var filterName = filters[0].Required("name", "ClientException");
            var value = (filters[0]["values"] as JsonArray)?.FirstOrDefault()?.GetValue<string>() ?? throw Client("The filter needs a value.");
            jobs = filterName switch
            {
                "JOB_NAME" => jobs.Where(j => value.EndsWith('*') ? j.JobName.StartsWith(value[..^1], StringComparison.OrdinalIgnoreCase) : j.JobName.Equals(value, StringComparison.OrdinalIgnoreCase)),
                "JOB_DEFINITION" => jobs.Where(j => value.StartsWith("arn:", StringComparison.Ordinal) ? j.Definition.Arn == value
                    : value.EndsWith('*') ? j.Definition.Name.StartsWith(value[..^1], StringComparison.Ordinal) : j.Definition.Name == value),
                "AFTER_CREATED_AT" => jobs.Where(j => BatchJson.Millis(j.CreatedAt) > long.Parse(value)),
                "BEFORE_CREATED_AT" => jobs.Where(j => BatchJson.Millis(j.CreatedAt) < long.Parse(value)),
                _ => throw Client($"Unknown filter {filterName}."),
            };
        }
        else
        {
            var status = input.Str("jobStatus") ?? "RUNNING";
            jobs = jobs.Where(j => j.Status == status);
        }
        var ordered = queueName is not null ? jobs.Reverse().ToList() : jobs.ToList(); // newest first, as Batch sorts
        var (page, next) = Page(ordered, input);
        var result = new JsonObject { ["jobSummaryList"] = new JsonArray([.. page.Select(j => (JsonNode)BatchJson.Summary(world, j))]) };
        if (next is not null) result["nextToken"] = next;
        return result;
    }

    private static JsonObject StopJob(BatchWorld world, JsonObject input, DateTime now, bool terminate)
    {
        var id = input.Required("jobId", "ClientException");
        var reason = input.Required("reason", "ClientException");
        var job = world.Jobs.GetValueOrDefault(id) ?? throw Client($"Job {id} not found.");
        if (terminate) world.Terminate(job, reason, now);
        else world.Cancel(job, reason, now);
        return [];
    }

    private JsonObject DescribeJobQueues(BatchWorld world, JsonObject input)
    {
        var asked = (input["jobQueues"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList();
        var queues = world.Queues.Values.Where(q => asked is null || asked.Contains(q.Name) || asked.Contains(q.Arn)).OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
        var (page, next) = Page(queues, input);
        var result = new JsonObject
        {
            ["jobQueues"] = new JsonArray([.. page.Select(q => (JsonNode)new JsonObject
            {
                ["jobQueueName"] = q.Name, ["jobQueueArn"] = q.Arn, ["state"] = "ENABLED", ["status"] = "VALID", ["priority"] = q.Priority,
                ["computeEnvironmentOrder"] = new JsonArray([.. q.ComputeEnvironments.Select((ce, i) => (JsonNode)new JsonObject
                {
                    ["order"] = i + 1, ["computeEnvironment"] = world.ComputeEnvironments[ce].Arn,
                })]),
                ["tags"] = new JsonObject(q.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value))),
            })]),
        };
        if (next is not null) result["nextToken"] = next;
        return result;
    }

    private JsonObject DescribeComputeEnvironments(BatchWorld world, JsonObject input)
    {
        var asked = (input["computeEnvironments"] as JsonArray)?.Select(n => n!.GetValue<string>()).ToList();
        var environments = world.ComputeEnvironments.Values.Where(e => asked is null || asked.Contains(e.Name) || asked.Contains(e.Arn))
            .OrderBy(e => e.Name, StringComparer.Ordinal).ToList();
        var (page, next) = Page(environments, input);
        var result = new JsonObject
        {
            ["computeEnvironments"] = new JsonArray([.. page.Select(e => (JsonNode)new JsonObject
            {
                ["computeEnvironmentName"] = e.Name, ["computeEnvironmentArn"] = e.Arn, ["ecsClusterArn"] = e.EcsClusterArn,
                ["type"] = "MANAGED", ["state"] = "ENABLED", ["status"] = "VALID",
                ["computeResources"] = new JsonObject
                {
                    ["type"] = e.Type, ["minvCpus"] = 0, ["maxvCpus"] = e.MaxVCpus,
                    ["instanceTypes"] = new JsonArray([.. e.InstanceTypes.Select(t => (JsonNode)t)]),
                    ["subnets"] = new JsonArray("subnet-0emulator0000001"),
                    ["launchTemplate"] = new JsonObject { ["launchTemplateId"] = e.LaunchTemplateId, ["version"] = "1" },
                },
            })]),
        };
        foreach (var (node, e) in ((JsonArray)result["computeEnvironments"]!).Zip(page))
        {
            if (e.PlacementGroup is not null) node!["computeResources"]!["placementGroup"] = e.PlacementGroup;
        }
        if (next is not null) result["nextToken"] = next;
        return result;
    }

    private (List<T> Page, string? Next) Page<T>(List<T> all, JsonObject input)
    {
        var asked = input.Num("maxResults");
        if (asked is < 1 or > 100) throw Client("maxResults must be between 1 and 100.");
        var size = Math.Min((int)(asked ?? 100), state.MaxPageSize);
        var offset = JsonWire.Offset(input.Str("nextToken"));
        return (all.Skip(offset).Take(size).ToList(), JsonWire.NextToken(offset, size, all.Count));
    }
}
