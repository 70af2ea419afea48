using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Signing;
using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Tests;

/// <summary>Our json 1.1 client against the emulator: signing, retry under injected faults, errors, paging, cancellation.</summary>
public sealed class ProtocolClientTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>, IAsyncLifetime
{
    private AwsEmulator.AwsEmulator Emulator => fixture.Emulator;

    public Task InitializeAsync()
    {
        Emulator.State.Reset();
        Emulator.Faults.Reset();
        return Task.CompletedTask;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task ReadsAQuota()
    {
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator));
        var quota = await client.GetServiceQuotaAsync("ec2", "L-1216C47A", default);
        Assert.Equal(256, quota.Value);
        Assert.Equal("Running On-Demand Standard (A, C, D, H, I, M, R, T, Z) instances", quota.QuotaName);
    }

    [Fact]
    public async Task StateIsKeptPerAccountAndRegion()
    {
        await Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-west-2").Quotas[("ec2", "L-1216C47A")].Let(q => q.Value = 1024);
        var west = await TestContexts.ServiceQuotas(TestContexts.For(Emulator, region: "us-west-2")).GetServiceQuotaAsync("ec2", "L-1216C47A", default);
        var east = await TestContexts.ServiceQuotas(TestContexts.For(Emulator)).GetServiceQuotaAsync("ec2", "L-1216C47A", default);
        var otherAccount = await TestContexts.ServiceQuotas(TestContexts.For(Emulator, EmulatorCredentials.Other, "us-west-2")).GetServiceQuotaAsync("ec2", "L-1216C47A", default);
        Assert.Equal((1024.0, 256.0, 256.0), (west.Value!.Value, east.Value!.Value, otherAccount.Value!.Value));
    }

    [Fact]
    public async Task WrongSecretIsRejectedWithTheRealErrorCode()
    {
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator, secretOverride: "not-the-secret"));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetServiceQuotaAsync("ec2", "L-1216C47A", default));
        Assert.Equal("InvalidSignatureException", error.ErrorCode);
        Assert.Equal(GcErrorKind.AuthenticationError, error.Kind);
        Assert.Equal(1, Emulator.Faults.Counters.GetValueOrDefault("rejected:BadSignature"));
        Assert.Equal(0, Emulator.Handled("GetServiceQuota"));
    }

    [Fact]
    public async Task UnknownAccessKeyIsRejected()
    {
        var context = new AwsContext(new BasicAWSCredentials("AKIAUNKNOWN000000001", "x"), Amazon.RegionEndpoint.USEast1, "test", "test",
            Emulator.Url.ToString(), new DictionaryEnvironment(new Dictionary<string, string>()), TestContexts.FastRetry());
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestContexts.ServiceQuotas(context).GetServiceQuotaAsync("ec2", "L-1216C47A", default));
        Assert.Equal("UnrecognizedClientException", error.ErrorCode);
    }

    [Fact]
    public async Task BodyChangedAfterSigningIsRejected()
    {
        var uri = Emulator.Url;
        var signing = new AWSSigningRequest { HttpMethod = HttpMethod.Post, RequestUri = uri, Content = Encoding.UTF8.GetBytes("""{"ServiceCode":"ec2","QuotaCode":"L-1216C47A"}""") };
        signing.Headers["Content-Type"] = "application/x-amz-json-1.1";
        signing.Headers["X-Amz-Target"] = "ServiceQuotasV20190624.GetServiceQuota";
        var signed = AWSSigV4Signer.Sign(signing, new AWSSigV4Parameters
        {
            Credentials = new BasicAWSCredentials(EmulatorCredentials.Default.AccessKeyId, EmulatorCredentials.Default.SecretAccessKey),
            Region = Amazon.RegionEndpoint.USEast1, Service = "servicequotas",
        });
        using var http = new HttpClient();
        using var message = new HttpRequestMessage(HttpMethod.Post, uri)
        {
            Content = new StringContent("""{"ServiceCode":"ec2","QuotaCode":"L-34B43A08"}""", Encoding.UTF8, "application/x-amz-json-1.1"),
        };
        message.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        message.Headers.TryAddWithoutValidation("X-Amz-Target", "ServiceQuotasV20190624.GetServiceQuota");
        foreach (var (k, v) in signed.Headers) message.Headers.TryAddWithoutValidation(k, v);
        using var response = await http.SendAsync(message);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("InvalidSignatureException", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ThousandCallsAtTwentyPercentThrottlingAllSucceedOnce()
    {
        Emulator.Faults.Settings = new FaultSettings { ThrottleRate = 0.20, Seed = 42 };
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator));
        var results = await RunConcurrently(1000, 16, _ => client.GetServiceQuotaAsync("ec2", "L-1216C47A", default));
        Assert.All(results, q => Assert.Equal(256, q.Value));
        Assert.Equal(1000, Emulator.Handled("GetServiceQuota"));
        var throttled = Emulator.Faults.Counters.GetValueOrDefault("fault:Throttle");
        Assert.InRange(throttled, 150, 350); // about a fifth of ~1,250 requests; the faults really were injected
        Assert.Equal(1000 + throttled, Emulator.Received("GetServiceQuota"));
    }

    [Fact]
    public async Task ThousandRequestsAtTwentyPercentServerErrorsAndDropsFileEachRequestExactlyOnce()
    {
        Emulator.Faults.Settings = new FaultSettings { ServerErrorRate = 0.15, DropRate = 0.05, Seed = 7, Operations = ["RequestServiceQuotaIncrease"] };
        var codes = Enumerable.Range(0, 1000).Select(i => $"L-{i:X8}").ToList();
        var region = Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-east-1");
        lock (region.Gate)
        {
            foreach (var code in codes) region.Quotas[("ec2", code)] = new QuotaRecord("ec2", "EC2", code, "test quota " + code, 1, 1, true);
        }
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator));
        var filed = await RunConcurrently(1000, 16, i => client.RequestServiceQuotaIncreaseAsync("ec2", codes[i], 10, default));
        Assert.Equal(1000, filed.Select(r => r.Id).Distinct().Count());
        lock (region.Gate) Assert.Equal(1000, region.QuotaRequests.Count); // none lost, none filed twice
        Assert.True(Emulator.Faults.Counters.GetValueOrDefault("fault:ServerError") > 100);
        Assert.True(Emulator.Faults.Counters.GetValueOrDefault("fault:Drop") > 20);
    }

    [Fact]
    public async Task AnIncreaseWhoseAnswerWasLostIsFoundNotFiledTwice()
    {
        // Requests are handled and then the connection is cut: the client cannot know they were filed. At 30% with 20
        // attempts a call fails outright with odds of about 1e-10, so the test cannot flake on an unlucky interleaving.
        Emulator.Faults.Settings = new FaultSettings { DropAfterHandlingRate = 0.3, Seed = 11, Operations = ["RequestServiceQuotaIncrease"] };
        var codes = Enumerable.Range(0, 200).Select(i => $"L-{0xA0000000 + i:X8}").ToList();
        var region = Emulator.State.Region(EmulatorCredentials.Default.AccountId, "us-east-1");
        lock (region.Gate)
        {
            foreach (var code in codes) region.Quotas[("ec2", code)] = new QuotaRecord("ec2", "EC2", code, "test quota " + code, 1, 1, true);
        }
        var service = new GeosChem.PowerShell.Planning.QuotaIncreaseService(
            TestContexts.ServiceQuotas(TestContexts.For(Emulator, retry: TestContexts.FastRetry(attempts: 20))));
        var results = await RunConcurrently(codes.Count, 8, i => service.SubmitAsync("ec2", codes[i], 5, default));

        Assert.All(results, r => Assert.Equal(5, r.Request.DesiredValue));
        lock (region.Gate) Assert.Equal(codes.Count, region.QuotaRequests.Count);            // exactly one request per quota
        Assert.Equal(codes.Count, results.Select(r => r.Request.Id).Distinct().Count());      // each caller got its own
        Assert.Contains(results, r => r.AlreadyOpen);                                          // some were recovered by lookup
        Assert.True(Emulator.Faults.Counters.GetValueOrDefault("fault:DropAfterHandling") > 50);
    }

    [Fact]
    public async Task PersistentThrottlingFailsAfterTheAttemptBudgetWithLimitsExceeded()
    {
        Emulator.Faults.Settings = new FaultSettings { ThrottleRate = 1.0 };
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator, retry: TestContexts.FastRetry(attempts: 4)));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetServiceQuotaAsync("ec2", "L-1216C47A", default));
        Assert.Equal(GcErrorKind.LimitsExceeded, error.Kind);
        Assert.Equal("TooManyRequestsException", error.ErrorCode);
        Assert.Equal(4, Emulator.Received("GetServiceQuota"));
        Assert.Contains("AWS_MAX_ATTEMPTS", error.Fix);
    }

    [Fact]
    public async Task AccessDeniedNamesTheMissingAction()
    {
        Emulator.State.Deny(EmulatorCredentials.Default.AccountId, "servicequotas:GetServiceQuota");
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator));
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.GetServiceQuotaAsync("ec2", "L-1216C47A", default));
        Assert.Equal(GcErrorKind.PermissionDenied, error.Kind);
        Assert.Equal("GcAwsAccessDenied", error.ErrorId);
        Assert.Contains("servicequotas:GetServiceQuota", error.Fix);
        Assert.NotNull(error.RequestId);
        Assert.Contains(error.RequestId!, error.Message);
        Assert.Equal(1, Emulator.Received("GetServiceQuota")); // not retried
    }

    [Fact]
    public async Task UnreachableEndpointFailsWithinTheRetryBudgetAndNamesIt()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop(); // nothing listens there now
        var context = new AwsContext(new BasicAWSCredentials("AKIAGCEMULATOR000001", "x"), Amazon.RegionEndpoint.USEast1, "test", "test",
            $"http://127.0.0.1:{port}", new DictionaryEnvironment(new Dictionary<string, string>()), TestContexts.FastRetry(attempts: 3));
        var watch = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => TestContexts.ServiceQuotas(context).GetServiceQuotaAsync("ec2", "L-1216C47A", default));
        Assert.Equal("GcAwsEndpointUnreachable", error.ErrorId);
        Assert.Equal(GcErrorKind.ConnectionError, error.Kind);
        Assert.Contains($"127.0.0.1:{port}", error.Message);
        Assert.Contains("3 attempt", error.Message);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task ListingFollowsPagesToTheEnd()
    {
        Emulator.State.MaxPageSize = 4;
        Emulator.Faults.Counters.Clear();
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator));
        var all = new List<string>();
        await foreach (var quota in client.ListServiceQuotasAsync("ec2", default)) all.Add(quota.QuotaCode!);
        Assert.Equal(GeosChem.AwsEmulator.QuotaSeed.Ec2.Length, all.Count);
        Assert.Equal(all.Count, all.Distinct().Count());
        Assert.Equal((all.Count + 3) / 4, Emulator.Handled("ListServiceQuotas"));
    }

    [Fact]
    public async Task CancellationStopsAnInFlightCallPromptly()
    {
        Emulator.Faults.Settings = new FaultSettings { LatencyMs = 10_000 };
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator));
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        var watch = Stopwatch.StartNew();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetServiceQuotaAsync("ec2", "L-1216C47A", cts.Token));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task SecondOpenRequestForAQuotaIsRefusedByTheService()
    {
        var client = TestContexts.ServiceQuotas(TestContexts.For(Emulator));
        await client.RequestServiceQuotaIncreaseAsync("ec2", "L-F7808C92", 192, default);
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => client.RequestServiceQuotaIncreaseAsync("ec2", "L-F7808C92", 384, default));
        Assert.Equal("ResourceAlreadyExistsException", error.ErrorCode);
        Assert.Equal(GcErrorKind.ResourceExists, error.Kind);
    }

    private static async Task<List<T>> RunConcurrently<T>(int count, int parallelism, Func<int, Task<T>> call)
    {
        var results = new T[count];
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = parallelism },
            async (i, _) => results[i] = await call(i));
        return [.. results];
    }
}

internal static class LetExtensions
{
    public static Task Let<T>(this T value, Action<T> action)
    {
        action(value);
        return Task.CompletedTask;
    }
}
