using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon;
using Amazon.Runtime;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Tests;

/// <summary>The rest-json path of the protocol client (Batch's protocol), checked at the HTTP boundary.</summary>
public sealed class RestJsonTests
{
    private sealed class Recorder(Func<HttpRequestMessage, HttpResponseMessage> answer) : HttpMessageHandler
    {
        public List<(HttpRequestMessage Request, string Body)> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var body = request.Content is null ? "" : await request.Content.ReadAsStringAsync(cancellationToken);
            Seen.Add((request, body));
            return answer(request);
        }
    }

    private sealed record SubmitJobRequest(string JobName, string JobQueue, string JobDefinition);
    private sealed record SubmitJobResponse(string JobId, string JobName);

    private static AwsProtocolClient Client(Recorder recorder, int attempts = 3) =>
        new(AwsServiceDescriptor.Batch,
            new AwsContext(new BasicAWSCredentials("AKIAEXAMPLE000000001", "secret"), RegionEndpoint.USWest2, "test", "test", null,
                new DictionaryEnvironment(new Dictionary<string, string>()), TestContexts.FastRetry(attempts)),
            AwsJson.CamelCase, handler: recorder);

    [Fact]
    public async Task SendsASignedCamelCaseBodyToTheOperationPath()
    {
        var recorder = new Recorder(_ => new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("""{"jobId":"abc-123","jobName":"gc-run","jobArn":"arn:x"}""") });
        var response = await Client(recorder).CallRestJsonAsync<SubmitJobResponse>("SubmitJob", HttpMethod.Post, "/v1/submitjob",
            new SubmitJobRequest("gc-run", "gc-spot", "gchp:3"), default);

        Assert.Equal(("abc-123", "gc-run"), (response.JobId, response.JobName));
        var (request, body) = Assert.Single(recorder.Seen);
        Assert.Equal("https://batch.us-west-2.amazonaws.com/v1/submitjob", request.RequestUri!.AbsoluteUri);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("application/json", request.Content!.Headers.ContentType!.MediaType);
        Assert.Equal("""{"jobName":"gc-run","jobQueue":"gc-spot","jobDefinition":"gchp:3"}""", body);
        var authorization = request.Headers.GetValues("Authorization").Single();
        Assert.Contains("/us-west-2/batch/aws4_request", authorization);
        Assert.Contains("content-type", authorization);
        var payloadHash = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(body))).ToLowerInvariant();
        Assert.Equal(payloadHash, request.Headers.GetValues("X-Amz-Content-SHA256").Single());
    }

    [Fact]
    public async Task ReadsTheErrorTypeHeaderAndRetriesTooManyRequests()
    {
        var calls = 0;
        var recorder = new Recorder(_ =>
        {
            calls++;
            var status = calls < 3 ? (HttpStatusCode)429 : HttpStatusCode.BadRequest;
            var code = calls < 3 ? "TooManyRequestsException" : "ClientException";
            var response = new HttpResponseMessage(status) { Content = new StringContent(JsonSerializer.Serialize(new { message = "job queue gc-nope does not exist" })) };
            response.Headers.TryAddWithoutValidation("x-amzn-ErrorType", code + ":http://internal.amazon.com/coral/com.amazonaws.batch/");
            response.Headers.TryAddWithoutValidation("x-amzn-RequestId", "req-" + calls);
            return response;
        });
        var error = await Assert.ThrowsAsync<AwsServiceException>(() => Client(recorder, attempts: 5).CallRestJsonAsync<SubmitJobResponse>("SubmitJob", HttpMethod.Post, "/v1/submitjob",
            new SubmitJobRequest("gc-run", "gc-nope", "gchp:3"), default));
        Assert.Equal(3, calls);
        Assert.Equal("ClientException", error.ErrorCode);
        Assert.Equal(GcErrorKind.InvalidArgument, error.Kind);
        Assert.Equal("req-3", error.RequestId);
        Assert.Contains("gc-nope", error.Message);
    }
}
