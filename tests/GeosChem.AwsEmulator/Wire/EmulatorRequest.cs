using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace GeosChem.AwsEmulator.Wire;

/// <summary>An authenticated request as a handler sees it.</summary>
public sealed class EmulatorRequest(HttpContext http, byte[] body, VerifiedCaller caller, RegionState region, string requestId)
{
    private Dictionary<string, string>? _form;

    public HttpContext Http { get; } = http;
    public byte[] Body { get; } = body;
    public string BodyText => Encoding.UTF8.GetString(Body);
    public VerifiedCaller Caller { get; } = caller;
    public RegionState Region { get; } = region;
    public string RequestId { get; } = requestId;
    public string Account => Caller.Credential.AccountId;
    public string? Target => Http.Request.Headers["X-Amz-Target"].FirstOrDefault();

    /// <summary>The form fields of a query-protocol (EC2, STS) request body.</summary>
    public IReadOnlyDictionary<string, string> Form => _form ??=
        QueryHelpers.ParseQuery(BodyText).ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);

    public JsonObject Json()
    {
        if (Body.Length == 0) return [];
        return JsonNode.Parse(Body) as JsonObject ?? throw new EmulatorError(400, "SerializationException", "The request body is not a JSON object.");
    }
}

/// <summary>An answer the emulator sends back.</summary>
public sealed record EmulatorResponse(int StatusCode, string ContentType, string Body);

/// <summary>A modelled AWS error, thrown by a handler and written in the service's protocol.</summary>
public sealed class EmulatorError(int statusCode, string code, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;
    public string Code { get; } = code;
}
