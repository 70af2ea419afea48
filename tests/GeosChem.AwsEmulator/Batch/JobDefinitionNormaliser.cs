using System.Text.Json.Nodes;

namespace GeosChem.AwsEmulator.Batch;

/// <summary>
/// What AWS Batch stores for a registered job definition is not what was sent. DescribeJobDefinitions returns:
/// evaluateOnExit actions in lower case (the API reference says the values "aren't case sensitive"; Terraform's
/// aws_batch_job_definition documents them as retry/exit for that reason); environment variables in an order of its
/// own and without those whose value is empty; empty lists for container members that were not sent (command,
/// environment, mountPoints, volumes, secrets, ulimits, resourceRequirements); and defaults for parameters,
/// platformCapabilities and propagateTags. (hashicorp/terraform-provider-aws, internal/service/batch
/// container_properties.go, "reduce", lists each of these as an API response difference.) The emulator stores the
/// same, so a client that compares what it sent with what it reads back byte for byte fails here as it would on AWS.
/// </summary>
public static class JobDefinitionNormaliser
{
    private static readonly string[] ContainerLists = ["command", "environment", "mountPoints", "volumes", "secrets", "ulimits", "resourceRequirements"];

    public static JsonObject AsStored(JsonObject sent)
    {
        var body = (JsonObject)sent.DeepClone();
        if (body["retryStrategy"]?["evaluateOnExit"] is JsonArray rules)
        {
            foreach (var rule in rules.OfType<JsonObject>())
            {
                if (rule["action"]?.GetValue<string>() is { } action) rule["action"] = action.ToLowerInvariant();
            }
        }
        if (body["containerProperties"] is JsonObject container) Container(container);
        if (body["nodeProperties"]?["nodeRangeProperties"] is JsonArray ranges)
        {
            foreach (var range in ranges.OfType<JsonObject>())
            {
                if (range["container"] is JsonObject c) Container(c);
            }
        }
        body["parameters"] ??= new JsonObject();
        body["platformCapabilities"] ??= new JsonArray("EC2");
        body["propagateTags"] ??= false;
        return body;
    }

    private static void Container(JsonObject container)
    {
        foreach (var list in ContainerLists) container[list] ??= new JsonArray();
        var kept = ((JsonArray)container["environment"]!).OfType<JsonObject>()
            .Where(e => !string.IsNullOrEmpty(e["value"]?.GetValue<string>()))
            // AWS does not keep the order sent; returning the variables in reverse name order makes that visible.
            .OrderByDescending(e => e["name"]?.GetValue<string>(), StringComparer.Ordinal)
            .Select(e => (JsonNode)e.DeepClone())
            .ToArray();
        container["environment"] = new JsonArray(kept);
    }
}
