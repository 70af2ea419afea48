using GeosChem.PowerShell.Aws.Budgets;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// Reads the month's actual spend from the AWS Budgets budget the platform deployed (terraform/alerts.tf), for the
/// account the credentials belong to (STS GetCallerIdentity). Anything that keeps it from being read (no budget
/// recorded or deployed, access denied, another unit than USD, an AWS error) is not a failure: the answer then says why,
/// and the whole monthly budget counts as what remains.
/// </summary>
internal sealed class MonthSpendReader(Func<CancellationToken, Task<string>> accountId, BudgetsClient budgets, Func<DateTime> utcNow)
{
    public async Task<MonthSpend> ReadAsync(string? budgetName, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(budgetName))
        {
            return MonthSpend.Unknown("the configuration records no deployed AWS Budgets budget; Deploy-GcPlatform makes and records one when budget.monthlyUsd is set");
        }
        try
        {
            var account = await accountId(cancellationToken).ConfigureAwait(false);
            var spend = await budgets.DescribeBudgetAsync(account, budgetName, cancellationToken).ConfigureAwait(false);
            return spend.Unit.Equals("USD", StringComparison.OrdinalIgnoreCase)
                ? MonthSpend.FromBudget(spend.Actual, spend.Name, utcNow())
                : MonthSpend.Unknown($"AWS Budgets budget '{budgetName}' counts in {spend.Unit}, not USD");
        }
        catch (AwsServiceException ex) when (AwsErrorCodes.IsAccessDenied(ex.ErrorCode))
        {
            return MonthSpend.Unknown($"access to AWS Budgets budget '{budgetName}' was denied ({ex.ErrorCode}); the identity running Submit-GcBatchJob needs budgets:ViewBudget");
        }
        catch (AwsServiceException ex) when (ex.ErrorCode == "NotFoundException")
        {
            return MonthSpend.Unknown($"AWS Budgets has no budget named '{budgetName}' in this account; Deploy-GcPlatform makes it when budget.monthlyUsd is set");
        }
        catch (GcException ex) when (!cancellationToken.IsCancellationRequested)
        {
            return MonthSpend.Unknown($"reading AWS Budgets budget '{budgetName}' failed: {ex.Problem}");
        }
    }
}
