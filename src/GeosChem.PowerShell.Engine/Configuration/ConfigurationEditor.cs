using System.Collections;
using System.Text.Json;
using System.Text.Json.Nodes;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Models;

namespace GeosChem.PowerShell.Configuration;

/// <summary>Changes one setting of a configuration by its dotted path (compute.maxVCpus), through the JSON form, so
/// that a path or a value the schema does not allow is refused exactly as in the file.</summary>
internal static class ConfigurationEditor
{
    public static GcConfiguration Set(GcConfiguration configuration, string path, object? value)
    {
        var root = JsonSerializer.SerializeToNode(configuration, ConfigurationStore.Json)!.AsObject();
        var parts = path.Split('.', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 0) throw Unknown(path);
        JsonObject parent = root;
        foreach (var part in parts[..^1])
        {
            var key = Match(parent, part) ?? (part.Equals("deployed", StringComparison.OrdinalIgnoreCase) ? "deployed" : throw Unknown(path));
            parent = parent[key] as JsonObject ?? (JsonObject)(parent[key] = new JsonObject());
        }
        var leaf = Match(parent, parts[^1]) ?? KnownButUnset(parent, parts[^1], configuration, parts) ?? throw Unknown(path);
        parent[leaf] = ToNode(value);
        try
        {
            var updated = root.Deserialize<GcConfiguration>(ConfigurationStore.Json)!;
            updated.Path = configuration.Path;
            return updated;
        }
        catch (JsonException ex)
        {
            throw new GcException(ErrorIds.ConfigurationValueInvalid, GcErrorKind.InvalidArgument,
                $"'{value}' is not a value {path} can take: {ex.Message.Split(" Path:")[0]}", "Give a value of the setting's type (see docs/configuration.schema.json).", value, ex);
        }
    }

    /// <summary>The stored spelling of a key, matched without regard to case.</summary>
    private static string? Match(JsonObject parent, string key) =>
        parent.Select(kv => kv.Key).FirstOrDefault(k => k.Equals(key, StringComparison.OrdinalIgnoreCase));

    /// <summary>A setting that exists in the schema but is null (and so absent from the JSON).</summary>
    private static string? KnownButUnset(JsonObject parent, string key, GcConfiguration configuration, string[] parts)
    {
        var type = typeof(GcConfiguration);
        foreach (var part in parts[..^1]) type = type.GetProperties().FirstOrDefault(p => p.Name.Equals(part, StringComparison.OrdinalIgnoreCase))?.PropertyType ?? type;
        var property = type.GetProperties().FirstOrDefault(p => p.Name.Equals(key, StringComparison.OrdinalIgnoreCase));
        return property is null ? null : JsonNamingPolicy.CamelCase.ConvertName(property.Name);
    }

    private static GcException Unknown(string path) =>
        new(ErrorIds.ConfigurationUnknownKey, GcErrorKind.InvalidArgument, $"'{path}' is not a configuration setting.",
            "Settings are dotted paths such as region, compute.maxVCpus, budget.monthlyUsd, network.vpcCidr, defaults.jobQueue; Get-GcConfiguration | ConvertTo-Json shows them all.", path);

    /// <summary>A plain .NET value as JSON; the hosting layer unwraps PowerShell's own types first (PlainValues).</summary>
    public static JsonNode? ToNode(object? value)
    {
        return value switch
        {
            null => null,
            string s => JsonValue.Create(s),
            bool b => JsonValue.Create(b),
            int or long or short or byte => JsonValue.Create(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)),
            float or double or decimal => JsonValue.Create(Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture)),
            IDictionary d => new JsonObject(d.Cast<DictionaryEntry>().Select(e => KeyValuePair.Create(e.Key.ToString()!, ToNode(e.Value)))),
            IEnumerable e => new JsonArray([.. e.Cast<object?>().Select(ToNode)]),
            _ => JsonValue.Create(value.ToString()),
        };
    }
}
