using System.Text.Json;
using System.Text.Json.Nodes;

namespace GeosChem.AwsEmulator.Wire;

/// <summary>The json 1.1 and rest-json wire forms.</summary>
public static class JsonWire
{
    public const string Json11 = "application/x-amz-json-1.1";

    public static EmulatorResponse Ok(JsonNode body, string contentType = Json11) =>
        new(200, contentType, body.ToJsonString(new JsonSerializerOptions { WriteIndented = false }));

    public static EmulatorResponse Error(int status, string code, string message, string contentType = Json11) =>
        new(status, contentType, new JsonObject { ["__type"] = code, ["message"] = message }.ToJsonString());

    /// <summary>The operation a json 1.1 request names in its X-Amz-Target ("Prefix.Operation"), if the service has it.</summary>
    public static string? OperationFromTarget(EmulatorRequest request, string targetPrefix, IReadOnlyCollection<string> operations)
    {
        var target = request.Target;
        if (target is null || !target.StartsWith(targetPrefix, StringComparison.Ordinal)) return null;
        var operation = target[targetPrefix.Length..];
        return operations.Contains(operation) ? operation : null;
    }

    public static double Epoch(DateTime utc) => Math.Round((utc - DateTime.UnixEpoch).TotalSeconds, 3);

    public static string? Str(this JsonObject o, string name) => o[name]?.GetValueKind() == JsonValueKind.String ? o[name]!.GetValue<string>() : null;

    public static double? Num(this JsonObject o, string name) => o[name]?.GetValueKind() == JsonValueKind.Number ? o[name]!.GetValue<double>() : null;

    public static string Required(this JsonObject o, string name, string validationCode = "IllegalArgumentException") =>
        o.Str(name) ?? throw new EmulatorError(400, validationCode, $"{name} is required.");

    /// <summary>Opaque page tokens: base64 of the next offset.</summary>
    public static int Offset(string? token) =>
        token is null ? 0 : int.TryParse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(token)), out var n) ? n
            : throw new EmulatorError(400, "InvalidPaginationTokenException", "Invalid pagination token.");

    public static string? NextToken(int offset, int pageSize, int total) =>
        offset + pageSize >= total ? null : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes((offset + pageSize).ToString()));
}
