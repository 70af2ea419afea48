using System.Text.Json;
using GeosChem.PowerShell.Aws.Batch;
using GeosChem.PowerShell.Aws.Logs;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// Every Batch and CloudWatch Logs request our clients send and every answer the emulator gives, across the operations
/// the job cmdlets use (successes and errors), must conform to the service models in tests/aws-models.
/// </summary>
public sealed class BatchConformanceTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly ShapeValidator BatchModel = ShapeValidator.ForService("batch");
    private static readonly ShapeValidator LogsModel = ShapeValidator.ForService("logs");

    [Fact]
    public async Task EveryBatchAndLogsExchangeConformsToTheModels()
    {
        var emulator = fixture.Emulator;
        emulator.State.Reset();
        emulator.State.MaxPageSize = 2;
        BatchTestKit.FastTimings(emulator, "us-east-1", 30, new AwsEmulator.Batch.JobScenario { NamePattern = "reclaimed", SpotReclaims = 1 });
        emulator.Recorder.Clear();
        emulator.Recorder.Enabled = true;
        var context = TestContexts.For(emulator);
        var batch = BatchTestKit.Batch(context);
        var logs = BatchTestKit.Logs(context);

        var definition = await BatchTestKit.RegisterAsync(batch);
        var gchp = await BatchTestKit.RegisterAsync(batch, BatchTestKit.Spec("gchp", 64, spot: false) with { Model = "GCHP", NodeCount = 2, InstanceType = "hpc7a.96xlarge", EfaDevices = true });
        await foreach (var _ in batch.DescribeJobDefinitionsAsync(new DescribeJobDefinitionsRequest(Status: "ACTIVE"), default)) { }
        await foreach (var _ in batch.DescribeJobDefinitionsAsync(new DescribeJobDefinitionsRequest(JobDefinitions: [definition]), default)) { }
        using var submitter = new JobSubmitter(batch, new BatchDirectory(batch), new SubmitOptions(), Aws.NullAwsCallObserver.Instance);
        var single = await submitter.SubmitAsync(new SubmissionSpec
        {
            Name = "reclaimed", Queue = "geoschem-spot", Definition = definition, RunDirectory = "s3://b/r/", SimulationStart = new DateTime(2019, 7, 1),
            Parameters = new Dictionary<string, string> { ["p"] = "1" }, Tags = new Dictionary<string, string> { ["project"] = "x" }, FallbackToOnDemand = true,
        }, default);
        var array = await submitter.SubmitAsync(new SubmissionSpec { Name = "array", Queue = "geoschem-spot", Definition = definition, ArraySize = 3, Sequential = true }, default);
        var dependent = await submitter.SubmitAsync(new SubmissionSpec { Name = "after", Queue = "geoschem-spot", Definition = definition, ArraySize = 3, DependsOn = [array.JobId], NToN = true }, default);
        var mnp = await submitter.SubmitAsync(new SubmissionSpec { Name = "mnp", Queue = "geoschem-ondemand", Definition = gchp, NodeCount = 2, Environment = new Dictionary<string, string> { ["X"] = "1" } }, default);
        emulator.Clock.Advance(TimeSpan.FromSeconds(200));
        await batch.DescribeJobsAsync([single.JobId, array.JobId, $"{array.JobId}:1", dependent.JobId, mnp.JobId, $"{mnp.JobId}#0"], default);
        foreach (var status in new[] { "RUNNING", "SUCCEEDED" })
        {
            await foreach (var _ in batch.ListJobsAsync(new ListJobsRequest { JobQueue = "geoschem-spot", JobStatus = status }, default)) { }
        }
        await foreach (var _ in batch.ListJobsAsync(new ListJobsRequest { ArrayJobId = array.JobId, JobStatus = "SUCCEEDED" }, default)) { }
        await foreach (var _ in batch.ListJobsAsync(new ListJobsRequest { JobQueue = "geoschem-spot", Filters = [new ListJobsFilterShape("JOB_NAME", ["arr*"])] }, default)) { }
        await foreach (var _ in batch.DescribeJobQueuesAsync(null, default)) { }
        await foreach (var _ in batch.DescribeComputeEnvironmentsAsync(null, default)) { }
        var stream = (await batch.DescribeJobsAsync([single.JobId], default))[0].Attempts![0].Container!.LogStreamName!;
        var page = await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = JobDefinitionBuilder.DefaultLogGroup, LogStreamName = stream, StartFromHead = true, Limit = 5 }, default);
        await logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = JobDefinitionBuilder.DefaultLogGroup, LogStreamName = stream, NextToken = page.NextForwardToken }, default);
        await Assert.ThrowsAsync<AwsServiceException>(() => logs.GetLogEventsAsync(new GetLogEventsRequest { LogGroupName = "/aws/batch/job", LogStreamName = "none/default/0" }, default));
        var late = await submitter.SubmitAsync(new SubmissionSpec { Name = "late", Queue = "geoschem-ondemand", Definition = definition }, default);
        await batch.CancelJobAsync(late.JobId, "not needed", default);
        await batch.TerminateJobAsync(mnp.JobId, "done", default);
        await Assert.ThrowsAsync<AwsServiceException>(() => batch.SubmitJobAsync(new SubmitJobRequest { JobName = "x", JobQueue = "nope", JobDefinition = definition }, default));
        await Assert.ThrowsAsync<AwsServiceException>(() => batch.TerminateJobAsync("8c1f0a2e-5b7d-4c8e-9f00-1a2b3c4d5e6f", "x", default));
        emulator.Recorder.Enabled = false;

        var exchanges = emulator.Recorder.Snapshot();
        Assert.Equal(
            ["CancelJob", "DescribeComputeEnvironments", "DescribeJobDefinitions", "DescribeJobQueues", "DescribeJobs", "GetLogEvents", "ListJobs", "RegisterJobDefinition", "SubmitJob", "TerminateJob"],
            exchanges.Select(e => e.Operation).Distinct().Order(StringComparer.Ordinal));
        var problems = new List<string>();
        foreach (var exchange in exchanges)
        {
            var model = exchange.Service == "logs" ? LogsModel : BatchModel;
            problems.AddRange(model.Validate(exchange.RequestBody, model.InputShapeOf(exchange.Operation)).Select(p => $"{exchange.Operation} request {p}"));
            if (exchange.StatusCode == 200)
            {
                problems.AddRange(model.Validate(exchange.ResponseBody, model.OutputShapeOf(exchange.Operation)!).Select(p => $"{exchange.Operation} response {p}"));
            }
            else
            {
                var code = JsonDocument.Parse(exchange.ResponseBody).RootElement.GetProperty("__type").GetString()!;
                if (!model.ErrorShapesOf(exchange.Operation).Contains(code)) problems.Add($"{exchange.Operation} answered {code}, which the model does not list for it");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(exchanges, e => e.StatusCode != 200);
    }
}
