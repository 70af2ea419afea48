using System.Text.Json;
using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// Every request our Service Quotas client sends and every answer the emulator gives, across all the operations the
/// module uses (successes and errors), must conform to the service model in tests/aws-models.
/// </summary>
public sealed class ConformanceTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly ShapeValidator Model = ShapeValidator.ForService("service-quotas");

    [Fact]
    public void TheValidatorCatchesWhatItShould()
    {
        Assert.Empty(Model.Validate("""{"ServiceCode":"ec2","QuotaCode":"L-1216C47A"}""", "GetServiceQuotaRequest"));
        Assert.Contains(Model.Validate("""{"ServiceCode":"ec2"}""", "GetServiceQuotaRequest"), p => p.Contains("required member QuotaCode"));
        Assert.Contains(Model.Validate("""{"ServiceCode":"ec2","QuotaCode":"L-1","Extra":1}""", "GetServiceQuotaRequest"), p => p.Contains("Extra"));
        Assert.Contains(Model.Validate("""{"Status":"WAITING"}""", "ListRequestedServiceQuotaChangeHistoryRequest"), p => p.Contains("enum"));
        Assert.Contains(Model.Validate("""{"ServiceCode":"ec2","MaxResults":500}""", "ListServiceQuotasRequest"), p => p.Contains("above maximum"));
        Assert.Contains(Model.Validate("""{"RequestedQuota":{"Created":"2026-01-01"}}""", "RequestServiceQuotaIncreaseResponse"), p => p.Contains("epoch"));
    }

    [Fact]
    public async Task EveryExchangeConformsToTheModel()
    {
        var emulator = fixture.Emulator;
        emulator.State.Reset();
        emulator.State.MaxPageSize = 5;
        emulator.Recorder.Clear();
        emulator.Recorder.Enabled = true;
        var client = TestContexts.ServiceQuotas(TestContexts.For(emulator));

        await client.GetServiceQuotaAsync("ec2", "L-1216C47A", default);
        await client.GetAwsDefaultServiceQuotaAsync("ec2", "L-34B43A08", default);
        await foreach (var _ in client.ListServiceQuotasAsync("ec2", default)) { }
        var filed = await client.RequestServiceQuotaIncreaseAsync("ec2", "L-F7808C92", 192, default);
        await Assert.ThrowsAsync<AwsServiceException>(() => client.RequestServiceQuotaIncreaseAsync("ec2", "L-F7808C92", 384, default));
        await Assert.ThrowsAsync<AwsServiceException>(() => client.GetServiceQuotaAsync("ec2", "L-00000000", default));
        await Assert.ThrowsAsync<AwsServiceException>(() => client.RequestServiceQuotaIncreaseAsync("ec2", "L-1216C47A", 1, default));
        await foreach (var _ in client.ListRequestHistoryAsync("ec2", null, "PENDING", default)) { }
        await foreach (var _ in client.ListRequestHistoryAsync("ec2", "L-F7808C92", null, default)) { }
        emulator.Recorder.Enabled = false;

        var exchanges = emulator.Recorder.Snapshot();
        Assert.Equal(6, exchanges.Select(e => e.Operation).Distinct().Count());
        var problems = new List<string>();
        foreach (var exchange in exchanges)
        {
            problems.AddRange(Model.Validate(exchange.RequestBody, Model.InputShapeOf(exchange.Operation)).Select(p => $"{exchange.Operation} request {p}"));
            if (exchange.StatusCode == 200)
            {
                problems.AddRange(Model.Validate(exchange.ResponseBody, Model.OutputShapeOf(exchange.Operation)!).Select(p => $"{exchange.Operation} response {p}"));
            }
            else
            {
                var code = JsonDocument.Parse(exchange.ResponseBody).RootElement.GetProperty("__type").GetString()!;
                if (!Model.ErrorShapesOf(exchange.Operation).Contains(code)) problems.Add($"{exchange.Operation} answered {code}, which the model does not list for it");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        Assert.Contains(exchanges, e => e.StatusCode != 200);
        Assert.NotNull(filed.Id);
    }
}
