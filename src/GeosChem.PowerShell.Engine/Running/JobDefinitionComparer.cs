using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Protocol;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Whether a registered job definition already means what a new request says. AWS Batch does not echo a definition:
/// it lower-cases evaluateOnExit actions, reorders environment variables and drops those with empty values, returns
/// empty lists for container members not sent, and adds defaults (parameters, propagateTags, platformCapabilities).
/// Both sides are brought to one canonical form first: enums in upper case, environment as a set sorted by name,
/// empty lists and objects and known defaults removed. Every member our request shape knows must then be equal
/// (a member the request leaves out must be absent from the registered revision too); members AWS adds that our
/// shapes do not know are not read, and the registered tags need only contain ours.
/// </summary>
internal static class JobDefinitionComparer
{
    private static readonly HashSet<string> EnumMembers = new(StringComparer.Ordinal) { "action", "type", "logDriver", "platformCapabilities", "permissions" };
    private static readonly string[] ResponseOnly = ["jobDefinitionName", "jobDefinitionArn", "revision", "status"];
    private static readonly JsonSerializerOptions WithNulls = new(AwsJson.CamelCase) { DefaultIgnoreCondition = JsonIgnoreCondition.Never };

    public static bool SameMeaning(JobDefinitionShape existing, RegisterJobDefinitionRequest wanted)
    {
        var have = Canonical(JsonSerializer.SerializeToNode(existing, WithNulls)) as JsonObject ?? [];
        var want = Canonical(JsonSerializer.SerializeToNode(wanted, WithNulls)) as JsonObject ?? [];
        foreach (var key in ResponseOnly)
        {
            have.Remove(key);
            want.Remove(key);
        }
        var haveTags = Detach(have, "tags") as JsonObject;
        var wantTags = Detach(want, "tags") as JsonObject;
        var tagsKept = wantTags is null || wantTags.All(t => haveTags?[t.Key] is { } v && JsonNode.DeepEquals(v, t.Value));
        // Only the members both shapes can carry are compared: a response-only member the request cannot set is not a change.
        foreach (var key in have.Select(kv => kv.Key).Where(k => !KnownByRequest(k)).ToList()) have.Remove(key);
        return tagsKept && JsonNode.DeepEquals(have, want);
    }

    private static readonly HashSet<string> RequestMembers = typeof(RegisterJobDefinitionRequest).GetProperties()
        .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name)).ToHashSet(StringComparer.Ordinal);

    private static bool KnownByRequest(string key) => RequestMembers.Contains(key);

    private static JsonNode? Detach(JsonObject o, string key)
    {
        var value = o[key];
        o.Remove(key);
        return value;
    }

    /// <summary>The canonical form; null where the value means "not set".</summary>
    internal static JsonNode? Canonical(JsonNode? node, string? key = null)
    {
        switch (node)
        {
            case null:
                return null;
            case JsonObject o:
            {
                var result = new JsonObject();
                foreach (var (k, v) in o.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (Canonical(v, k) is { } c && !IsDefault(k, c)) result[k] = c;
                }
                return result.Count == 0 ? null : result;
            }
            case JsonArray a:
            {
                var items = a.Select(item => Canonical(item, key)).OfType<JsonNode>().ToList();
                if (key == "environment")
                {
                    items = items.OfType<JsonObject>().Where(e => e["value"] is not null)
                        .OrderBy(e => e["name"]?.GetValue<string>(), StringComparer.Ordinal).Cast<JsonNode>().ToList();
                }
                return items.Count == 0 ? null : new JsonArray([.. items]);
            }
            case JsonValue v when v.TryGetValue<string>(out var s):
                if (s.Length == 0) return null;
                return JsonValue.Create(key is not null && EnumMembers.Contains(key) ? s.ToUpperInvariant() : s);
            case JsonValue v when v.TryGetValue<double>(out var d):
                return JsonValue.Create(d);
            default:
                return node.DeepClone();
        }
    }

    private static bool IsDefault(string key, JsonNode value) => key switch
    {
        "propagateTags" => value is JsonValue v && v.TryGetValue<bool>(out var b) && !b,
        "platformCapabilities" => value is JsonArray { Count: 1 } a && a[0]?.GetValue<string>() == "EC2",
        _ => false,
    };
}
