using System.Text.Json.Nodes;

namespace GeosChem.AwsEmulator.Batch;

/// <summary>Jobs in Batch's wire form (JobDetail and JobSummary).</summary>
public static class BatchJson
{
    public static long Millis(DateTime utc) => (long)(utc - DateTime.UnixEpoch).TotalMilliseconds;

    public static JsonObject Detail(BatchWorld world, BatchJob job)
    {
        var queue = world.Queues.Values.First(q => q.Arn == job.JobQueueArn);
        var json = new JsonObject
        {
            ["jobArn"] = $"arn:aws:batch:{world.Region}:{world.Account}:job/{job.JobId}",
            ["jobName"] = job.JobName,
            ["jobId"] = job.JobId,
            ["jobQueue"] = queue.Arn,
            ["status"] = job.Status,
            ["attempts"] = new JsonArray([.. Runner(job).Attempts.Where(a => a.StoppedAt is not null && !job.IsMultiNodeParent).Select(a => (JsonNode)AttemptJson(a))]),
            ["createdAt"] = Millis(job.CreatedAt),
            ["dependsOn"] = new JsonArray([.. job.DependsOn.Select(DependencyJson)]),
            ["jobDefinition"] = job.Definition.Arn,
            ["parameters"] = job.Parameters.DeepClone(),
            ["tags"] = job.Tags.DeepClone(),
            ["platformCapabilities"] = new JsonArray("EC2"),
        };
        if (job.StatusReason is not null) json["statusReason"] = job.StatusReason;
        if (job.StartedAt is { } started) json["startedAt"] = Millis(started);
        if (job.StoppedAt is { } stopped) json["stoppedAt"] = Millis(stopped);
        if (job.TimeoutSeconds is { } timeout) json["timeout"] = new JsonObject { ["attemptDurationSeconds"] = timeout };
        json["retryStrategy"] = new JsonObject
        {
            ["attempts"] = job.RetryAttempts,
            ["evaluateOnExit"] = new JsonArray([.. job.RetryRules.Select(r => (JsonNode)RuleJson(r))]),
        };
        // Batch reports containers and attempts on the nodes of a multi-node job, not on its parent.
        if (!job.IsArrayParent && !job.IsMultiNodeParent) json["container"] = ContainerJson(Runner(job));
        if (job.ArraySize is { } size)
        {
            var array = new JsonObject { ["size"] = size };
            if (job.ArrayIndex is { } index) array["index"] = index;
            else array["statusSummary"] = new JsonObject(job.Children.GroupBy(c => c.Status).Select(g => KeyValuePair.Create(g.Key, (JsonNode?)g.Count())));
            json["arrayProperties"] = array;
        }
        if (job.NumNodes is { } nodes)
        {
            if (job.NodeIndex is { } nodeIndex) json["nodeDetails"] = new JsonObject { ["nodeIndex"] = nodeIndex, ["isMainNode"] = job.IsMainNode };
            json["nodeProperties"] = new JsonObject
            {
                ["numNodes"] = nodes,
                ["mainNode"] = 0,
                ["nodeRangeProperties"] = job.Definition.Body["nodeProperties"]?["nodeRangeProperties"]?.DeepClone(),
            };
        }
        return json;
    }

    /// <summary>The job whose attempts a job shows: a node runs its parent's (the emulator runs multi-node jobs as one).</summary>
    private static BatchJob Runner(BatchJob job) => job.NodeIndex is not null && job.Parent is { } parent ? parent : job;

    private static JsonNode DependencyJson((string JobId, string? Type) d)
    {
        var json = new JsonObject();
        if (d.JobId.Length > 0) json["jobId"] = d.JobId;
        if (d.Type is not null) json["type"] = d.Type;
        return json;
    }

    private static JsonObject RuleJson(RetryRule rule)
    {
        var json = new JsonObject { ["action"] = rule.Action };
        if (rule.OnStatusReason is not null) json["onStatusReason"] = rule.OnStatusReason;
        if (rule.OnReason is not null) json["onReason"] = rule.OnReason;
        if (rule.OnExitCode is not null) json["onExitCode"] = rule.OnExitCode;
        return json;
    }

    private static JsonObject AttemptJson(BatchAttempt a)
    {
        var container = new JsonObject
        {
            ["containerInstanceArn"] = a.ContainerInstanceArn,
            ["taskArn"] = a.TaskArn,
            ["logStreamName"] = a.LogStreamName,
        };
        if (a.ExitCode is { } exit) container["exitCode"] = exit;
        if (a.Reason is not null) container["reason"] = a.Reason;
        var json = new JsonObject { ["container"] = container, ["statusReason"] = a.StatusReason };
        if (a.StartedAt is { } s) json["startedAt"] = Millis(s);
        if (a.StoppedAt is { } t) json["stoppedAt"] = Millis(t);
        return json;
    }

    private static JsonObject ContainerJson(BatchJob job)
    {
        var source = job.Definition.Container ?? [];
        var container = new JsonObject
        {
            ["image"] = source["image"]?.DeepClone(),
            ["resourceRequirements"] = source["resourceRequirements"]?.DeepClone(),
            ["environment"] = MergedEnvironment(source, job.ContainerOverrides),
            ["logConfiguration"] = source["logConfiguration"]?.DeepClone(),
        };
        if (job.ContainerOverrides?["resourceRequirements"] is JsonArray overridden) container["resourceRequirements"] = overridden.DeepClone();
        var latest = job.Attempts.LastOrDefault();
        if (latest is not null)
        {
            container["containerInstanceArn"] = latest.ContainerInstanceArn;
            container["taskArn"] = latest.TaskArn;
            container["logStreamName"] = latest.LogStreamName;
            if (latest.ExitCode is { } exit) container["exitCode"] = exit;
            if (latest.Reason is not null) container["reason"] = latest.Reason;
        }
        if (source["instanceType"] is { } type) container["instanceType"] = type.DeepClone();
        return container;
    }

    public static JsonArray MergedEnvironment(JsonObject container, JsonObject? overrides)
    {
        var merged = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var list in new[] { container["environment"] as JsonArray, overrides?["environment"] as JsonArray })
        {
            foreach (var e in list?.OfType<JsonObject>() ?? [])
            {
                if (e["name"]?.GetValue<string>() is { } name) merged[name] = e["value"]?.GetValue<string>() ?? "";
            }
        }
        return new JsonArray([.. merged.Select(kv => (JsonNode)new JsonObject { ["name"] = kv.Key, ["value"] = kv.Value })]);
    }

    public static JsonObject Summary(BatchWorld world, BatchJob job)
    {
        var json = new JsonObject
        {
            ["jobArn"] = $"arn:aws:batch:{world.Region}:{world.Account}:job/{job.JobId}",
            ["jobId"] = job.JobId,
            ["jobName"] = job.JobName,
            ["createdAt"] = Millis(job.CreatedAt),
            ["status"] = job.Status,
            ["jobDefinition"] = job.Definition.Arn,
        };
        if (job.StatusReason is not null) json["statusReason"] = job.StatusReason;
        if (job.StartedAt is { } s) json["startedAt"] = Millis(s);
        if (job.StoppedAt is { } t) json["stoppedAt"] = Millis(t);
        if (job.Attempts.LastOrDefault() is { ExitCode: { } exit }) json["container"] = new JsonObject { ["exitCode"] = exit };
        if (job.ArraySize is { } size)
        {
            json["arrayProperties"] = job.ArrayIndex is { } index ? new JsonObject { ["size"] = size, ["index"] = index } : new JsonObject { ["size"] = size };
        }
        if (job.NumNodes is { } nodes)
        {
            var nodeProps = new JsonObject { ["numNodes"] = nodes };
            if (job.NodeIndex is { } n) { nodeProps["nodeIndex"] = n; nodeProps["isMainNode"] = job.IsMainNode; }
            json["nodeProperties"] = nodeProps;
        }
        return json;
    }
}
