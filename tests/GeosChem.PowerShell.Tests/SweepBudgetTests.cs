using GeosChem.PowerShell.Errors;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Tests;

public sealed class SweepBudgetTests
{
    [Fact]
    public void AJobAboveThePerJobBudgetIsWarnedAboutAndOneWithinItIsNot()
    {
        var budget = new SweepBudget(monthlyUsd: 500, perJobUsd: 25);
        var warning = budget.JobWarning("ozone-2019-07", 42.1);
        Assert.Contains("'ozone-2019-07' is estimated at 42.10 USD, above budget.perJobUsd (25.00 USD)", warning);
        Assert.Contains("Set-GcConfiguration budget.perJobUsd", warning);
        Assert.Null(budget.JobWarning("cheap", 24.99));
        Assert.Null(budget.JobWarning("unknown", null));
        Assert.Null(new SweepBudget(500, null).JobWarning("no-limit", 1000));
    }

    private static readonly MonthSpend NotRead = MonthSpend.Unknown("the configuration records no deployed AWS Budgets budget");

    [Fact]
    public void ASweepWhoseEstimatesAddUpToMoreThanTheMonthlyBudgetIsRefusedWhenTheSpendIsUnknown()
    {
        var budget = new SweepBudget(monthlyUsd: 100, perJobUsd: null);
        budget.CheckSweep([("a", 40), ("b", 60), ("c", null)], NotRead); // exactly the budget: allowed
        var error = Assert.Throws<GcException>(() => budget.CheckSweep([("a", 40), ("b", 60.5), ("c", null)], NotRead));
        Assert.Equal((ErrorIds.SweepOverBudget, GcErrorKind.LimitsExceeded), (error.ErrorId, error.Kind));
        Assert.Contains("The 3 job(s) of this submission are estimated at 100.50 USD in total, more than the 100.00 USD that remains this month", error.Problem);
        Assert.Contains("1 job(s) without an estimate are not counted", error.Problem);
        Assert.Contains("the month's spend could not be read (the configuration records no deployed AWS Budgets budget), so the whole monthly budget of 100.00 USD", error.Problem);
        Assert.Contains("-Force", error.Fix);
        Assert.False(new SweepBudget(null, 10).ChecksSweeps);
        new SweepBudget(null, 10).CheckSweep([("a", 1e9)], NotRead); // no monthly budget: nothing to refuse
    }

    [Fact]
    public void TheRemainderIsTheMonthlyBudgetLessTheActualSpend()
    {
        var budget = new SweepBudget(monthlyUsd: 500, perJobUsd: null);
        var spent = MonthSpend.FromBudget(420, "geoschem-monthly", new DateTime(2026, 11, 27, 9, 5, 0, DateTimeKind.Utc));
        Assert.Equal(80, budget.Remaining(spent), 6);
        budget.CheckSweep([("a", 50), ("b", 30)], spent); // exactly the remainder: allowed
        budget.CheckSweep([("a", 300)], NotRead); // fits the monthly budget when the spend is unknown

        var error = Assert.Throws<GcException>(() => budget.CheckSweep([("a", 50), ("b", 30.01)], spent));
        Assert.Contains("estimated at 80.01 USD in total, more than the 80.00 USD that remains this month", error.Problem);
        Assert.Contains("420.00 USD spent this month (AWS Budgets budget 'geoschem-monthly', read at 2026-11-27 09:05 UTC", error.Problem);
        Assert.Contains("leaving 80.00 USD of the monthly budget of 500.00 USD", error.Problem);

        var overspent = MonthSpend.FromBudget(650, "geoschem-monthly", DateTime.UtcNow);
        Assert.Equal(0, budget.Remaining(overspent));
        Assert.Throws<GcException>(() => budget.CheckSweep([("tiny", 0.01)], overspent));
        budget.CheckSweep([("unestimated", null)], overspent); // nothing estimated: nothing to add up
    }
}
