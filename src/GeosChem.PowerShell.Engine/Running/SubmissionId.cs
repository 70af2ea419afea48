using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Protocol;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// A submission's id from its content: the SubmitJob request (job name, queue, definition revision, array size,
/// dependencies, parameters, environment and node overrides, retry strategy, the user's tags) in a canonical form,
/// hashed. The same CSV row submitted to the same queue gets the same id on every run, so a re-run finds what the
/// first run made; any change to what the job would do gives a new id.
/// </summary>
internal static class SubmissionId
{
    public static string For(SubmitJobRequest request)
    {
        var node = JsonSerializer.SerializeToNode(request, AwsJson.CamelCase)!.AsObject();
        if (node["tags"] is JsonObject tags) tags.Remove(BatchJobMapper.SubmissionTag);
        var canonical = Canonical(node)!.ToJsonString();
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonical));
        return "gcs-" + Convert.ToHexString(hash)[..32].ToLowerInvariant();
    }

    /// <summary>Objects with their members sorted, so that the order members were set in does not change the id.</summary>
    private static JsonNode? Canonical(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => KeyValuePair.Create(kv.Key, Canonical(kv.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Canonical)]),
        _ => node?.DeepClone(),
    };
}
