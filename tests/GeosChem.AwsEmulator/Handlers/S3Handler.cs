using System.Security.Cryptography;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>S3 (rest-xml, path-style): PutObject, HeadObject and GetObject, for build contexts and run directories uploaded
/// to a bucket and the input lists read back from them.</summary>
public sealed class S3Handler(EmulatorState state) : IServiceHandler
{
    public string SigningName => "s3";
    public string IamPrefix => "s3";
    public (int Status, string Code) Throttling => (503, "SlowDown");
    public (int Status, string Code) UnknownKey => (403, "InvalidAccessKeyId");
    public (int Status, string Code) BadSignature => (403, "SignatureDoesNotMatch");

    public string? OperationOf(EmulatorRequest request)
    {
        var path = (request.Http.Request.Path.Value ?? "/").TrimEnd('/');
        if (path.Count(c => c == '/') == 1 && path.Length > 1) return request.Http.Request.Method == "HEAD" ? "HeadBucket" : null;
        if (path.Count(c => c == '/') < 2) return null;
        return request.Http.Request.Method switch { "PUT" => "PutObject", "HEAD" => "HeadObject", "GET" => "GetObject", _ => null };
    }

    public EmulatorResponse Error(int status, string code, string message, string requestId) =>
        new(status, QueryWire.Xml, $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>{QueryWire.Escape(code)}</Code><Message>{QueryWire.Escape(message)}</Message><RequestId>{requestId}</RequestId></Error>");

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var path = Uri.UnescapeDataString(request.Http.Request.Path.Value!.Trim('/'));
        if (operation == "HeadBucket")
        {
            var exists = state.Buckets.ContainsKey((request.Account, path)) || state.Objects.Keys.Any(k => k.Account == request.Account && k.Bucket == path);
            return new EmulatorResponse(exists ? 200 : 404, "application/xml", "");
        }
        var slash = path.IndexOf('/');
        var (bucket, key) = (path[..slash], path[(slash + 1)..]);
        var objects = state.Objects;
        if (operation == "PutObject")
        {
            var etag = $"\"{Convert.ToHexStringLower(MD5.HashData(request.Body))}\"";
            objects[(request.Account, bucket, key)] = (request.Body, etag, request.Region.Clock.UtcNow);
            request.Http.Response.Headers.ETag = etag;
            return new EmulatorResponse(200, "application/xml", "");
        }
        if (!objects.TryGetValue((request.Account, bucket, key), out var stored))
        {
            return operation == "GetObject"
                ? Error(404, "NoSuchKey", "The specified key does not exist.", Guid.NewGuid().ToString("N"))
                : new EmulatorResponse(404, "application/xml", "");
        }
        request.Http.Response.Headers.ETag = stored.ETag;
        request.Http.Response.Headers.LastModified = stored.At.ToString("R");
        if (operation == "GetObject") return new EmulatorResponse(200, "application/octet-stream", System.Text.Encoding.UTF8.GetString(stored.Body));
        request.Http.Response.ContentLength = stored.Body.Length;
        return new EmulatorResponse(200, "application/octet-stream", "");
    }
}
