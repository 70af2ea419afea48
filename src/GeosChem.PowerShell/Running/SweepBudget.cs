using System.Globalization;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// The configuration's budget applied to a submission: a job whose estimate is above budget.perJobUsd is warned about,
/// and a sweep whose estimates add up to more than the month's budget is refused before anything is sent.
/// The month's spend so far is not read: the module has no AWS Budgets client (the Budgets API model is not among
/// the models this module is built and tested against), so the whole of budget.monthlyUsd counts as what remains and
/// the platform's budget alert (terraform/alerts.tf) is what reports the real spend.
/// </summary>
internal sealed class SweepBudget(double? monthlyUsd, double? perJobUsd)
{
    public bool ChecksSweeps => monthlyUsd is > 0;

    /// <summary>A warning for a job estimated above budget.perJobUsd, else null.</summary>
    public string? JobWarning(string jobName, double? estimatedUsd) =>
        estimatedUsd is { } cost && perJobUsd is > 0 && cost > perJobUsd
            ? $"'{jobName}' is estimated at {Usd(cost)}, above budget.perJobUsd ({Usd(perJobUsd.Value)}). "
              + "Check the plan (Get-GcInstanceRecommendation, Get-GcCostEstimate), or raise the limit: Set-GcConfiguration budget.perJobUsd <USD>."
            : null;

    /// <summary>Refuses a sweep whose estimates add up to more than the monthly budget; rows without an estimate count as nothing and are named.</summary>
    public void CheckSweep(IReadOnlyList<(string Name, double? EstimatedUsd)> rows)
    {
        if (monthlyUsd is not { } budget || budget <= 0) return;
        var total = rows.Sum(r => r.EstimatedUsd ?? 0);
        if (total <= budget) return;
        var unestimated = rows.Count(r => r.EstimatedUsd is null);
        throw new GcException(ErrorIds.SweepOverBudget, GcErrorKind.LimitsExceeded,
            $"The {rows.Count} job(s) of this submission are estimated at {Usd(total)} in total, more than the monthly budget of {Usd(budget)} (budget.monthlyUsd)"
            + (unestimated > 0 ? $"; {unestimated} job(s) without an estimate are not counted" : "")
            + ". The month's spend so far is not read, so the whole monthly budget counts as what remains. Nothing was submitted.",
            "Submit fewer rows or a cheaper plan, raise the budget (Set-GcConfiguration budget.monthlyUsd <USD>; Deploy-GcPlatform moves the alert with it), or add -Force to submit anyway.");
    }

    private static string Usd(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " USD";
}
