using System.Net;
using GeosChem.AwsEmulator.Handlers;
using GeosChem.AwsEmulator.Wire;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace GeosChem.AwsEmulator;

/// <summary>
/// A local AWS for tests and the demo: Kestrel on 127.0.0.1, every request's SigV4 signature checked, state kept per
/// account and region, real wire protocols, and faults injected on demand. Requests are routed by the service
/// named in their credential scope, so one port serves every service.
/// </summary>
public sealed class AwsEmulator : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly Dictionary<string, IServiceHandler> _handlers;
    private readonly SigV4Verifier _verifier;

    private AwsEmulator(WebApplication app)
    {
        _app = app;
        Clock = new EmulatorClock();
        State = new EmulatorState(Clock);
        _verifier = new SigV4Verifier(State);
        _handlers = new IServiceHandler[]
            {
                new ServiceQuotasHandler(State), new Ec2Handler(State), new StsHandler(), new PricingHandler(State),
                new BatchHandler(State), new LogsHandler(), new EcsHandler(), new BudgetsHandler(State),
                new SsmHandler(), new EcrHandler(State), new S3Handler(State),
            }
            .ToDictionary(h => h.SigningName, StringComparer.Ordinal);
    }

    public Uri Url { get; private set; } = null!;
    public EmulatorClock Clock { get; }
    public EmulatorState State { get; }
    public FaultInjector Faults { get; } = new();
    public ExchangeRecorder Recorder { get; } = new();

    public static async Task<AwsEmulator> StartAsync(int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Listen(IPAddress.Loopback, port);
            k.Limits.MaxRequestBodySize = 64 * 1024 * 1024;
        });
        var app = builder.Build();
        var emulator = new AwsEmulator(app);
        ControlApi.Map(app, emulator);
        app.Use(async (http, next) =>
        {
            if (http.Request.Path.StartsWithSegments("/_emulator")) await next(http).ConfigureAwait(false);
            else await emulator.HandleAsync(http).ConfigureAwait(false);
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Urls.First();
        emulator.Url = new Uri(address.EndsWith('/') ? address : address + "/");
        return emulator;
    }

    /// <summary>Requests handled (not faulted) per operation, for "nothing duplicated, nothing lost" checks.</summary>
    public long Handled(string operation) => Faults.Counters.GetValueOrDefault("handled:" + operation);

    public long Received(string operation) => Faults.Counters.GetValueOrDefault("received:" + operation);

    private async Task HandleAsync(HttpContext http)
    {
        if (await PublicAwsBuckets.TryServeAsync(http, State).ConfigureAwait(false)) return;
        var requestId = $"{Guid.NewGuid():D}";
        var body = await ReadBodyAsync(http).ConfigureAwait(false);
        http.Response.Headers["x-amzn-RequestId"] = requestId;

        VerifiedCaller caller;
        IServiceHandler? handler = null;
        try
        {
            caller = _verifier.Verify(http, body);
            handler = _handlers.GetValueOrDefault(caller.Service);
        }
        catch (SignatureRejected rejected)
        {
            Faults.Count("rejected:" + rejected.Reason);
            var rejecting = rejected.Service is null ? null : _handlers.GetValueOrDefault(rejected.Service);
            var (status, code) = rejecting is null ? (403, "MissingAuthenticationTokenException")
                : rejected.Reason == "UnknownKey" ? rejecting.UnknownKey : rejecting.BadSignature;
            await WriteAsync(http, rejecting?.Error(status, code, rejected.Message, requestId) ?? JsonWire.Error(status, code, rejected.Message)).ConfigureAwait(false);
            return;
        }
        if (handler is null)
        {
            await WriteAsync(http, JsonWire.Error(400, "UnknownServiceException", $"The emulator does not serve '{caller.Service}'.")).ConfigureAwait(false);
            return;
        }

        var request = new EmulatorRequest(http, body, caller, State.Region(caller.Credential.AccountId, caller.Region), requestId);
        var operation = handler.OperationOf(request);
        if (operation is null)
        {
            await WriteAsync(http, handler.Error(400, "UnknownOperationException", "The emulator does not implement this operation.", requestId)).ConfigureAwait(false);
            return;
        }
        Faults.Count("received:" + operation);

        var action = handler.IamActionOf(operation);
        if (State.IsDenied(caller.Credential.AccountId, action))
        {
            var message = $"User: arn:aws:iam::{caller.Credential.AccountId}:user/{caller.Credential.UserName} is not authorized to perform: {action}";
            var code = handler.SigningName == "ec2" ? "UnauthorizedOperation" : handler.SigningName == "sts" ? "AccessDenied" : "AccessDeniedException";
            await WriteAsync(http, handler.Error(403, code, message, requestId)).ConfigureAwait(false);
            return;
        }

        var (fault, latency) = Faults.Decide(operation);
        if (latency > 0) await Task.Delay(latency, http.RequestAborted).ConfigureAwait(false);
        switch (fault)
        {
            case FaultKind.Throttle:
                var (throttleStatus, throttleCode) = handler.Throttling;
                await WriteAsync(http, handler.Error(throttleStatus, throttleCode, "Rate exceeded", requestId)).ConfigureAwait(false);
                return;
            case FaultKind.ServerError:
                await WriteAsync(http, handler.Error(500, handler.SigningName == "ec2" ? "InternalError" : "ServiceException", "An internal error occurred.", requestId)).ConfigureAwait(false);
                return;
            case FaultKind.Drop:
                http.Abort();
                return;
        }

        EmulatorResponse response;
        try
        {
            response = handler.Handle(operation, request);
            Faults.Count("handled:" + operation);
        }
        catch (EmulatorError error)
        {
            response = handler.Error(error.StatusCode, error.Code, error.Message, requestId);
        }
        Recorder.Add(new Exchange(handler.SigningName, operation, request.BodyText, response.StatusCode, response.Body));
        if (fault == FaultKind.DropAfterHandling)
        {
            http.Abort();
            return;
        }
        await WriteAsync(http, response).ConfigureAwait(false);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpContext http)
    {
        using var buffer = new MemoryStream();
        await http.Request.Body.CopyToAsync(buffer, http.RequestAborted).ConfigureAwait(false);
        return buffer.ToArray();
    }

    private static Task WriteAsync(HttpContext http, EmulatorResponse response)
    {
        http.Response.StatusCode = response.StatusCode;
        http.Response.ContentType = response.ContentType;
        return http.Response.WriteAsync(response.Body);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }
}
