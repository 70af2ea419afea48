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

    [Fact]
    public void ASweepWhoseEstimatesAddUpToMoreThanTheMonthlyBudgetIsRefused()
    {
        var budget = new SweepBudget(monthlyUsd: 100, perJobUsd: null);
        budget.CheckSweep([("a", 40), ("b", 60), ("c", null)]); // exactly the budget: allowed
        var error = Assert.Throws<GcException>(() => budget.CheckSweep([("a", 40), ("b", 60.5), ("c", null)]));
        Assert.Equal((ErrorIds.SweepOverBudget, GcErrorKind.LimitsExceeded), (error.ErrorId, error.Kind));
        Assert.Contains("The 3 job(s) of this submission are estimated at 100.50 USD in total, more than the monthly budget of 100.00 USD", error.Problem);
        Assert.Contains("1 job(s) without an estimate are not counted", error.Problem);
        Assert.Contains("spend so far is not read", error.Problem);
        Assert.Contains("-Force", error.Fix);
        Assert.False(new SweepBudget(null, 10).ChecksSweeps);
        new SweepBudget(null, 10).CheckSweep([("a", 1e9)]); // no monthly budget: nothing to refuse
    }
}
