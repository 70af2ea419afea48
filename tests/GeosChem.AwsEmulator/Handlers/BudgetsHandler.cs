using System.Globalization;
using System.Text.Json.Nodes;
using GeosChem.AwsEmulator.Wire;

namespace GeosChem.AwsEmulator.Handlers;

/// <summary>
/// AWS Budgets DescribeBudget (json 1.1, target prefix AWSBudgetServiceGateway), as tests/aws-models/budgets describes it:
/// amounts are decimal strings (NumericValue) with a unit, an unknown budget is NotFoundException, and budgets belong
/// to the account, whatever region the request was signed for.
/// </summary>
public sealed class BudgetsHandler(EmulatorState state) : IServiceHandler
{
    private const string TargetPrefix = "AWSBudgetServiceGateway.";
    private static readonly string[] Operations = ["DescribeBudget"];

    /// <summary>The end AWS gives a budget created without one (06/15/87 00:00 UTC, per the model's TimePeriod documentation).</summary>
    private static readonly DateTime OpenEnd = new(2087, 6, 15, 0, 0, 0, DateTimeKind.Utc);

    public string SigningName => "budgets";
    public string IamPrefix => "budgets";
    public (int Status, string Code) Throttling => (400, "ThrottlingException");
    public (int Status, string Code) UnknownKey => (400, "UnrecognizedClientException");
    public (int Status, string Code) BadSignature => (400, "InvalidSignatureException");

    public string? OperationOf(EmulatorRequest request) => JsonWire.OperationFromTarget(request, TargetPrefix, Operations);

    public EmulatorResponse Error(int status, string code, string message, string requestId) => JsonWire.Error(status, code, message);

    /// <summary>IAM authorises the read operations of Budgets with budgets:ViewBudget, not an action named after the operation.</summary>
    public string IamActionOf(string operation) => "budgets:ViewBudget";

    public EmulatorResponse Handle(string operation, EmulatorRequest request)
    {
        var input = request.Json();
        var accountId = input.Required("AccountId", "InvalidParameterException");
        var name = input.Required("BudgetName", "InvalidParameterException");
        if (accountId.Length != 12 || !accountId.All(char.IsAsciiDigit))
        {
            throw new EmulatorError(400, "InvalidParameterException", $"AccountId '{accountId}' is not a 12-digit account id.");
        }
        if (accountId != request.Caller.Credential.AccountId)
        {
            throw new EmulatorError(400, "AccessDeniedException", $"Account {request.Caller.Credential.AccountId} may not view budgets of account {accountId}.");
        }
        if (!state.Budgets.TryGetValue((accountId, name), out var budget))
        {
            throw new EmulatorError(400, "NotFoundException", $"Unable to get budget: {name} - the budget doesn't exist.");
        }
        var now = state.Clock.UtcNow;
        var monthStart = new DateTime(now.Year, now.Month, 1, 0, 0, 0, DateTimeKind.Utc);
        var calculated = new JsonObject { ["ActualSpend"] = Spend(budget.ActualUsd) };
        if (budget.ForecastedUsd is { } forecast) calculated["ForecastedSpend"] = Spend(forecast);
        return JsonWire.Ok(new JsonObject
        {
            ["Budget"] = new JsonObject
            {
                ["BudgetName"] = budget.Name,
                ["BudgetLimit"] = Spend(budget.LimitUsd),
                ["CostTypes"] = new JsonObject
                {
                    ["IncludeTax"] = true, ["IncludeSubscription"] = true, ["UseBlended"] = false, ["IncludeRefund"] = false, ["IncludeCredit"] = false,
                    ["IncludeUpfront"] = true, ["IncludeRecurring"] = true, ["IncludeOtherSubscription"] = true, ["IncludeSupport"] = true,
                    ["IncludeDiscount"] = true, ["UseAmortized"] = false,
                },
                ["TimeUnit"] = "MONTHLY",
                ["TimePeriod"] = new JsonObject { ["Start"] = JsonWire.Epoch(monthStart), ["End"] = JsonWire.Epoch(OpenEnd) },
                ["CalculatedSpend"] = calculated,
                ["BudgetType"] = "COST",
                ["LastUpdatedTime"] = JsonWire.Epoch(budget.Created),
            },
        });
    }

    private static JsonObject Spend(double usd) => new() { ["Amount"] = usd.ToString("0.0##", CultureInfo.InvariantCulture), ["Unit"] = "USD" };
}
