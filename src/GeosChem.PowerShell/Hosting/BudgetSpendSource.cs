using GeosChem.PowerShell.Aws;
using GeosChem.PowerShell.Aws.Budgets;
using GeosChem.PowerShell.Aws.Protocol;
using GeosChem.PowerShell.Models;
using GeosChem.PowerShell.Running;

namespace GeosChem.PowerShell.Hosting;

/// <summary>The month's spend for a cmdlet: read from the deployed AWS Budgets budget, with a warning when it cannot be.</summary>
internal sealed class BudgetSpendSource(GcAwsCmdlet cmdlet)
{
    public MonthSpend Read(GcConfiguration? configuration, AwsContext context)
    {
        // Budgets is global: its one endpoint (budgets.amazonaws.com) signs for us-east-1 whatever region the jobs run in.
        var budgetsContext = context.InRegion(BudgetsClient.SigningRegion);
        var budgets = new BudgetsClient(cmdlet.Aws.ProtocolClient(AwsServiceDescriptor.Budgets, budgetsContext, AwsJson.PascalCase));
        var sts = cmdlet.Aws.Sts(context);
        var reader = new MonthSpendReader(async ct => (await sts.GetCallerIdentityAsync(ct).ConfigureAwait(false)).Account, budgets, () => DateTime.UtcNow);
        var spend = cmdlet.Run(ct => reader.ReadAsync(configuration?.Deployed?.BudgetName, ct));
        if (spend.ActualUsd is null)
        {
            cmdlet.WriteWarning($"The month's spend was not read: {spend.Source}. The whole of budget.monthlyUsd counts as what remains.");
        }
        return spend;
    }
}
