using System.Globalization;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Aws.Budgets;

// Shapes of the AWS Budgets json 1.1 API (service model 2016-10-20), members named as on the wire; only what this module reads.

internal sealed record DescribeBudgetRequest(string AccountId, string BudgetName);

internal sealed class DescribeBudgetResponse
{
    public BudgetShape? Budget { get; set; }
}

internal sealed class BudgetShape
{
    public string? BudgetName { get; set; }
    public SpendShape? BudgetLimit { get; set; }
    public string? TimeUnit { get; set; }
    public string? BudgetType { get; set; }
    public CalculatedSpendShape? CalculatedSpend { get; set; }
    public DateTime? LastUpdatedTime { get; set; }
}

internal sealed class CalculatedSpendShape
{
    public SpendShape? ActualSpend { get; set; }
    public SpendShape? ForecastedSpend { get; set; }
}

/// <summary>An amount as Budgets sends it: a decimal number in a string (NumericValue), and its unit.</summary>
internal sealed class SpendShape
{
    public string? Amount { get; set; }
    public string? Unit { get; set; }
}

/// <summary>A budget's limit and the spend AWS has calculated against it for the current period.</summary>
internal sealed record BudgetSpend(string Name, string TimeUnit, double? Limit, double Actual, double? Forecasted, string Unit, DateTime? LastUpdated);

/// <summary>
/// AWS Budgets (json 1.1, AWSBudgetServiceGateway) over our protocol layer. Budgets is a global service
/// (https://budgets.amazonaws.com, signed for us-east-1), so the client is built for us-east-1 whatever region the jobs run in.
/// </summary>
internal sealed class BudgetsClient(AwsProtocolClient protocol)
{
    public const string SigningRegion = "us-east-1";

    public async Task<BudgetSpend> DescribeBudgetAsync(string accountId, string budgetName, CancellationToken cancellationToken)
    {
        var response = await protocol.CallJsonAsync<DescribeBudgetResponse>("DescribeBudget", new DescribeBudgetRequest(accountId, budgetName), cancellationToken)
            .ConfigureAwait(false);
        var budget = response.Budget ?? throw MissingMember("Budget");
        var actual = budget.CalculatedSpend?.ActualSpend ?? throw MissingMember("Budget.CalculatedSpend.ActualSpend");
        return new BudgetSpend(budget.BudgetName ?? budgetName, budget.TimeUnit ?? "", Amount(budget.BudgetLimit), Amount(actual) ?? throw MissingMember("ActualSpend.Amount"),
            Amount(budget.CalculatedSpend.ForecastedSpend), actual.Unit ?? "", budget.LastUpdatedTime);
    }

    private static double? Amount(SpendShape? spend) =>
        spend?.Amount is { } text && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static GcException MissingMember(string member) => GcErrors.AwsResponseIncomplete("AWS Budgets", "DescribeBudget", member);
}
