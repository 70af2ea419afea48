using System.Globalization;
using GeosChem.PowerShell.Errors;

namespace GeosChem.PowerShell.Running;

/// <summary>
/// What is known of the month's spend: the actual spend AWS Budgets has calculated for the deployed budget, or, when it
/// could not be read, why not (then the whole monthly budget counts as what remains).
/// </summary>
internal sealed record MonthSpend(double? ActualUsd, string Source)
{
    /// <summary>
    /// The actual spend of the deployed budget, read now. AWS refreshes a budget's figures several times a day (the
    /// Budgets API reference, in the service model's documentation), so the last hours' jobs may not be in it yet.
    /// </summary>
    public static MonthSpend FromBudget(double actualUsd, string budgetName, DateTime readAtUtc) =>
        new(actualUsd, $"AWS Budgets budget '{budgetName}', read at {readAtUtc.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture)} UTC; "
            + "AWS refreshes budget figures several times a day, so the most recent hours' spend may not be in it yet");

    public static MonthSpend Unknown(string why) => new(null, why);
}

/// <summary>
/// The configuration's budget applied to a submission: a job whose estimate is above budget.perJobUsd is warned about,
/// and a sweep whose estimates add up to more than what remains of the month's budget (budget.monthlyUsd less the
/// actual spend AWS Budgets reports) is refused before anything is sent.
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

    /// <summary>What remains of the monthly budget after the month's spend (never below zero); the whole budget when the spend is unknown.</summary>
    public double Remaining(MonthSpend spend) =>
        monthlyUsd is { } budget ? Math.Max(0, budget - (spend.ActualUsd ?? 0)) : double.PositiveInfinity;

    /// <summary>One sentence on the month's spend and what remains, for the error, the verbose stream and the warning.</summary>
    public string Describe(MonthSpend spend) => spend.ActualUsd is { } actual
        ? $"{Usd(actual)} spent this month ({spend.Source}), leaving {Usd(Remaining(spend))} of the monthly budget of {Usd(monthlyUsd ?? 0)} (budget.monthlyUsd)"
        : $"the month's spend could not be read ({spend.Source}), so the whole monthly budget of {Usd(monthlyUsd ?? 0)} (budget.monthlyUsd) counts as what remains";

    /// <summary>Refuses a sweep whose estimates add up to more than what remains this month; rows without an estimate count as nothing and are named.</summary>
    public void CheckSweep(IReadOnlyList<(string Name, double? EstimatedUsd)> rows, MonthSpend spend)
    {
        if (!ChecksSweeps) return;
        var total = rows.Sum(r => r.EstimatedUsd ?? 0);
        var remaining = Remaining(spend);
        if (total <= remaining) return;
        var unestimated = rows.Count(r => r.EstimatedUsd is null);
        throw new GcException(ErrorIds.SweepOverBudget, GcErrorKind.LimitsExceeded,
            $"The {rows.Count} job(s) of this submission are estimated at {Usd(total)} in total, more than the {Usd(remaining)} that remains this month: "
            + Describe(spend)
            + (unestimated > 0 ? $". {unestimated} job(s) without an estimate are not counted" : "")
            + ". Nothing was submitted.",
            "Submit fewer rows or a cheaper plan, raise the budget (Set-GcConfiguration budget.monthlyUsd <USD>; Deploy-GcPlatform moves the AWS budget with it), or add -Force to submit anyway.");
    }

    private static string Usd(double value) => value.ToString("0.00", CultureInfo.InvariantCulture) + " USD";
}
