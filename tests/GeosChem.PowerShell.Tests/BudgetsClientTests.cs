using System.Text.Json;
using GeosChem.AwsEmulator;
using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Budgets;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Aws.Sdk;
using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

/// <summary>
/// The AWS Budgets client against the emulator: what it sends and what the emulator answers must conform to
/// tests/aws-models/budgets, and the month's spend is read from the deployed budget for the caller's account.
/// </summary>
public sealed class BudgetsClientTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    private static readonly ShapeValidator Model = ShapeValidator.ForService("budgets");
    private static readonly string Account = EmulatorCredentials.Default.AccountId;

    private AwsEmulator.AwsEmulator Emulator => fixture.Emulator;

    private BudgetsClient Client() =>
        new(new AwsProtocolClient(AwsServiceDescriptor.Budgets, TestContexts.For(Emulator, region: BudgetsClient.SigningRegion), AwsJson.PascalCase));

    private MonthSpendReader Reader(DateTime now)
    {
        var context = TestContexts.For(Emulator, region: "eu-west-1");
        var sts = new StsGateway(context, SdkClients.Sts(context));
        return new MonthSpendReader(async ct => (await sts.GetCallerIdentityAsync(ct)).Account, Client(), () => now);
    }

    private void Seed(string name, double limit, double actual, double? forecast = null)
    {
        Emulator.State.Budgets[(Account, name)] = new BudgetRecord(name, limit, DateTime.UtcNow) { ActualUsd = actual, ForecastedUsd = forecast };
    }

    [Fact]
    public void BudgetsIsReachedAtItsGlobalEndpointNotARegionalOne()
    {
        var noOverrides = new DictionaryEnvironment(new Dictionary<string, string>());
        Assert.Equal("https://budgets.amazonaws.com/", EndpointResolver.Resolve(AwsServiceDescriptor.Budgets, Amazon.RegionEndpoint.EUWest1, null, noOverrides).ToString());
        Assert.Equal("https://batch.eu-west-1.amazonaws.com/", EndpointResolver.Resolve(AwsServiceDescriptor.Batch, Amazon.RegionEndpoint.EUWest1, null, noOverrides).ToString());
        Assert.Equal("AWS_ENDPOINT_URL_BUDGETS", AwsServiceDescriptor.Budgets.EndpointVariable);
    }

    [Fact]
    public async Task DescribeBudgetReadsTheActualSpendAndEveryExchangeConformsToTheModel()
    {
        Emulator.State.Reset();
        Emulator.Recorder.Clear();
        Emulator.Recorder.Enabled = true;
        Seed("geoschem-monthly", 500, 123.45, forecast: 310);
        var client = Client();

        var spend = await client.DescribeBudgetAsync(Account, "geoschem-monthly", default);
        var missing = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeBudgetAsync(Account, "no-such-budget", default));
        var otherAccount = await Assert.ThrowsAsync<AwsServiceException>(() => client.DescribeBudgetAsync("210987654321", "geoschem-monthly", default));
        Emulator.Recorder.Enabled = false;

        Assert.Equal(("geoschem-monthly", "MONTHLY", 500.0, 123.45, 310.0, "USD"), (spend.Name, spend.TimeUnit, spend.Limit, spend.Actual, spend.Forecasted, spend.Unit));
        Assert.Equal("NotFoundException", missing.ErrorCode);
        Assert.Equal("AccessDeniedException", otherAccount.ErrorCode);

        var exchanges = Emulator.Recorder.Snapshot();
        Assert.Equal(3, exchanges.Count);
        var problems = new List<string>();
        foreach (var exchange in exchanges)
        {
            problems.AddRange(Model.Validate(exchange.RequestBody, Model.InputShapeOf(exchange.Operation)).Select(p => $"request {p}"));
            if (exchange.StatusCode == 200)
            {
                problems.AddRange(Model.Validate(exchange.ResponseBody, Model.OutputShapeOf(exchange.Operation)!).Select(p => $"response {p}"));
                // NumericValue is a string on the wire, not a JSON number.
                var actual = JsonDocument.Parse(exchange.ResponseBody).RootElement.GetProperty("Budget").GetProperty("CalculatedSpend").GetProperty("ActualSpend");
                Assert.Equal(JsonValueKind.String, actual.GetProperty("Amount").ValueKind);
            }
            else
            {
                var code = JsonDocument.Parse(exchange.ResponseBody).RootElement.GetProperty("__type").GetString()!;
                if (!Model.ErrorShapesOf(exchange.Operation).Contains(code)) problems.Add($"answered {code}, which the model does not list for DescribeBudget");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void TheModelRejectsAnAmountSentAsANumber()
    {
        var asNumber = """{"Budget":{"BudgetName":"b","TimeUnit":"MONTHLY","BudgetType":"COST","CalculatedSpend":{"ActualSpend":{"Amount":12.5,"Unit":"USD"}}}}""";
        Assert.NotEmpty(Model.Validate(asNumber, "DescribeBudgetResponse"));
        Assert.Contains(Model.Validate("""{"AccountId":"123456789012"}""", "DescribeBudgetRequest"), p => p.Contains("required member BudgetName"));
    }

    [Fact]
    public async Task TheReaderTakesTheAccountFromStsAndSaysWhereAndWhenTheSpendWasRead()
    {
        Emulator.State.Reset();
        Seed("geoschem-monthly", 500, 420);
        var spend = await Reader(new DateTime(2026, 11, 27, 17, 50, 0, DateTimeKind.Utc)).ReadAsync("geoschem-monthly", default);
        Assert.Equal(420, spend.ActualUsd);
        Assert.Contains("AWS Budgets budget 'geoschem-monthly', read at 2026-11-27 17:50 UTC", spend.Source);
        Assert.Contains("several times a day", spend.Source);
    }

    [Fact]
    public async Task WhatKeepsTheSpendFromBeingReadIsSaidAndIsNotAFailure()
    {
        Emulator.State.Reset();
        var reader = Reader(DateTime.UtcNow);

        var notRecorded = await reader.ReadAsync(null, default);
        Assert.Null(notRecorded.ActualUsd);
        Assert.Contains("records no deployed AWS Budgets budget", notRecorded.Source);

        var notDeployed = await reader.ReadAsync("geoschem-monthly", default);
        Assert.Null(notDeployed.ActualUsd);
        Assert.Contains("has no budget named 'geoschem-monthly'", notDeployed.Source);

        Seed("geoschem-monthly", 500, 420);
        Emulator.State.Deny(Account, "budgets:ViewBudget");
        var denied = await reader.ReadAsync("geoschem-monthly", default);
        Assert.Null(denied.ActualUsd);
        Assert.Contains("denied (AccessDeniedException)", denied.Source);
        Assert.Contains("budgets:ViewBudget", denied.Source);
        Emulator.State.Reset();
    }
}
