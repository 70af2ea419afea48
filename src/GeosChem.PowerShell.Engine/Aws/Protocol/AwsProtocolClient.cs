using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Amazon.Runtime.Signing;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws.Protocol;

/// <summary>
/// The one transport for the services without a served SDK: builds a json 1.1 or rest-json request, signs it with
/// AWSSDK.Core's SigV4 signer, sends it, retries throttling, 5xx and network failures with capped exponential
/// backoff and full jitter, and turns error answers into explained exceptions.
/// </summary>
internal sealed class AwsProtocolClient : IDisposable
{
    private const string JsonContentType = "application/x-amz-json-1.1";
    private static readonly HttpClient SharedHttp = CreateHttpClient(new SocketsHttpHandler());

    private readonly AwsServiceDescriptor _service;
    private readonly AwsContext _context;
    private readonly JsonSerializerOptions _json;
    private readonly IAwsCallObserver _observer;
    private readonly HttpClient _http;
    private readonly bool _ownsHttp;
    private readonly Random _jitter;

    public AwsProtocolClient(AwsServiceDescriptor service, AwsContext context, JsonSerializerOptions json,
        IAwsCallObserver? observer = null, HttpMessageHandler? handler = null, Random? jitter = null)
    {
        _service = service;
        _context = context;
        _json = json;
        _observer = observer ?? NullAwsCallObserver.Instance;
        _ownsHttp = handler is not null;
        _http = handler is null ? SharedHttp : CreateHttpClient(handler);
        _jitter = jitter ?? Random.Shared;
        Endpoint = context.EndpointFor(service);
    }

    public Uri Endpoint { get; }
    public AwsServiceDescriptor Service => _service;
    public string Region => _context.Region;

    /// <summary>Calls a json 1.1 operation (POST / with X-Amz-Target).</summary>
    public Task<TResponse> CallJsonAsync<TResponse>(string operation, object request, CancellationToken cancellationToken, bool idempotent = true)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), _json);
        var headers = new Dictionary<string, string> { ["X-Amz-Target"] = $"{_service.TargetPrefix}.{operation}" };
        return SendAsync<TResponse>(operation, HttpMethod.Post, "", body, JsonContentType, headers, cancellationToken, idempotent);
    }

    /// <summary>
    /// Calls a rest-json operation at a path relative to the endpoint. With <paramref name="idempotent"/> false (an
    /// operation without a client token, such as Batch SubmitJob) only answers that prove nothing happened are
    /// retried; a lost connection or a server error throws <see cref="AwsOutcomeUnknownException"/> for the caller to resolve.
    /// </summary>
    public Task<TResponse> CallRestJsonAsync<TResponse>(string operation, HttpMethod method, string relativePath, object? request,
        CancellationToken cancellationToken, bool idempotent = true)
    {
        var body = request is null ? [] : JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), _json);
        return SendAsync<TResponse>(operation, method, relativePath.TrimStart('/'), body, "application/json", new Dictionary<string, string>(), cancellationToken, idempotent);
    }

    private async Task<TResponse> SendAsync<TResponse>(string operation, HttpMethod method, string relativePath, byte[] body,
        string contentType, Dictionary<string, string> headers, CancellationToken cancellationToken, bool idempotent = true)
    {
        var uri = new Uri(Endpoint, relativePath);
        var maxAttempts = Math.Max(1, _context.Retry.MaxAttempts);
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            string? retryReason;
            Exception? transportFailure = null;
            using (var attemptTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
            {
                attemptTimeout.CancelAfter(_context.Retry.AttemptTimeout);
                try
                {
                    using var message = await BuildSignedRequestAsync(method, uri, body, contentType, headers, cancellationToken).ConfigureAwait(false);
                    using var response = await _http.SendAsync(message, HttpCompletionOption.ResponseContentRead, attemptTimeout.Token).ConfigureAwait(false);
                    var payload = await response.Content.ReadAsByteArrayAsync(attemptTimeout.Token).ConfigureAwait(false);
                    var requestId = RequestIdOf(response);
                    if (response.IsSuccessStatusCode)
                    {
                        _observer.Debug($"{_service.ServiceId} {operation}: HTTP {(int)response.StatusCode}, request id {requestId ?? "-"}, attempt {attempt}.");
                        return Deserialize<TResponse>(payload, operation);
                    }

                    var (code, text) = ParseError(response, payload);
                    var status = (int)response.StatusCode;
                    if (!idempotent && status >= 500 && !AwsErrorCodes.IsThrottling(code))
                    {
                        throw new AwsOutcomeUnknownException(_service.ServiceId, operation, $"{code ?? "HTTP " + status}: {text}");
                    }
                    if (!AwsErrorCodes.IsRetryable(code, status) || attempt >= maxAttempts)
                    {
                        throw AwsErrorTranslator.FromServiceError(_service, operation, code, text, requestId, status, attempt, _context.CredentialSource);
                    }
                    retryReason = $"{code ?? "HTTP " + status}";
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    throw;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException or OperationCanceledException)
                {
                    transportFailure = ex is OperationCanceledException
                        ? new TimeoutException($"no answer within {_context.Retry.AttemptTimeout.TotalSeconds:0} s", ex)
                        : ex;
                    if (!idempotent)
                    {
                        throw new AwsOutcomeUnknownException(_service.ServiceId, operation, transportFailure.GetBaseException().Message, transportFailure);
                    }
                    if (attempt >= maxAttempts)
                    {
                        throw AwsErrorTranslator.Unreachable(_service, operation, Endpoint, attempt, transportFailure);
                    }
                    retryReason = transportFailure.GetBaseException().Message;
                }
            }

            var delay = _context.Retry.DelayBeforeRetry(attempt, _jitter);
            _observer.Verbose($"{_service.ServiceId} {operation}: attempt {attempt} of {maxAttempts} failed ({retryReason}); retrying in {delay.TotalMilliseconds:0} ms.");
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<HttpRequestMessage> BuildSignedRequestAsync(HttpMethod method, Uri uri, byte[] body, string contentType,
        Dictionary<string, string> headers, CancellationToken cancellationToken)
    {
        var signing = new AWSSigningRequest { HttpMethod = method, RequestUri = uri, Content = body };
        if (body.Length > 0 || method != HttpMethod.Get)
        {
            signing.Headers["Content-Type"] = contentType;
        }
        foreach (var (name, value) in headers)
        {
            signing.Headers[name] = value;
        }

        var parameters = new AWSSigV4Parameters
        {
            Credentials = _context.Credentials,
            Region = _context.RegionEndpoint,
            Service = _service.SigningName,
        };
        var signed = await AWSSigV4Signer.SignAsync(signing, parameters, cancellationToken).ConfigureAwait(false);

        var message = new HttpRequestMessage(method, uri);
        if (body.Length > 0 || method != HttpMethod.Get)
        {
            message.Content = new ByteArrayContent(body);
            message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        }
        foreach (var (name, value) in signing.Headers.Concat(signed.Headers))
        {
            if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) continue;
            message.Headers.TryAddWithoutValidation(name, value);
        }
        return message;
    }

    private TResponse Deserialize<TResponse>(byte[] payload, string operation)
    {
        if (payload.Length == 0)
        {
            return JsonSerializer.Deserialize<TResponse>("{}"u8, _json)!;
        }
        try
        {
            return JsonSerializer.Deserialize<TResponse>(payload, _json)!;
        }
        catch (JsonException ex)
        {
            throw new AwsServiceException(ErrorIds.AwsResponseUnreadable, GcErrorKind.InvalidData,
                $"{_service.ServiceId} {operation} answered with a body that is not the expected JSON: {ex.Message}",
                "If -EndpointUrl or AWS_ENDPOINT_URL points somewhere, check that it is an AWS-compatible endpoint.",
                _service.ServiceId, operation, null, null, null, ex);
        }
    }

    internal static (string? Code, string? Message) ParseError(HttpResponseMessage response, byte[] payload)
    {
        string? code = null, message = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var types))
        {
            code = types.FirstOrDefault();
        }
        if (payload.Length > 0)
        {
            try
            {
                using var doc = JsonDocument.Parse(payload);
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object)
                {
                    code ??= Str(root, "__type") ?? Str(root, "code") ?? Str(root, "Code");
                    message = Str(root, "message") ?? Str(root, "Message") ?? Str(root, "errorMessage");
                }
            }
            catch (JsonException)
            {
                message = Encoding.UTF8.GetString(payload, 0, Math.Min(payload.Length, 300));
            }
        }
        return (NormalizeCode(code), message);
    }

    /// <summary>Error types come as "prefix#Code" or "Code:http://..."; the code is the part in between.</summary>
    internal static string? NormalizeCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw)) return null;
        var code = raw;
        var colon = code.IndexOf(':');
        if (colon >= 0) code = code[..colon];
        var hash = code.LastIndexOf('#');
        if (hash >= 0) code = code[(hash + 1)..];
        return code.Trim();
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static string? RequestIdOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var ids) ? ids.FirstOrDefault()
        : response.Headers.TryGetValues("x-amz-request-id", out var s3Ids) ? s3Ids.FirstOrDefault() : null;

    private static HttpClient CreateHttpClient(HttpMessageHandler handler)
    {
        if (handler is SocketsHttpHandler sockets)
        {
            sockets.ConnectTimeout = TimeSpan.FromSeconds(10);
            sockets.PooledConnectionLifetime = TimeSpan.FromMinutes(5);
            sockets.AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate;
            sockets.MaxConnectionsPerServer = 64;
        }
        var client = new HttpClient(handler, disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        client.DefaultRequestHeaders.UserAgent.ParseAdd("GeosChem.PowerShell/0.1");
        return client;
    }

    public void Dispose()
    {
        if (_ownsHttp) _http.Dispose();
    }
}
