using System.Management.Automation;

namespace GeosChem.PowerShell.Hosting;

/// <summary>
/// Base of the cmdlets that plan a GEOS-Chem run: it declares only the run itself (model, simulation, option,
/// resolution, length) as the same parameters, positions and completers everywhere, bindable by property name from CSV
/// rows or earlier results. Prices and quotas are held by the cmdlets that use them (<see cref="PriceSource"/>,
/// <see cref="QuotaPlanners"/>).
/// </summary>
public abstract class GcPlanCmdlet : GcAwsCmdlet
{
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ModelCompleter))]
    public string Model { get; set; } = "";

    [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(SimulationCompleter))]
    public string Simulation { get; set; } = "";

    [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(ResolutionCompleter))]
    public string Resolution { get; set; } = "";

    /// <summary>A fullchem option (benchmark, complexSOA, TOMAS15, APM, RRTMG, ...); only fullchem takes one.</summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ArgumentCompleter(typeof(OptionCompleter))]
    public string? Option { get; set; }

    [Parameter(Mandatory = true, Position = 3, ValueFromPipelineByPropertyName = true)]
    [Alias("Days")]
    public double SimulationDays { get; set; }

    /// <summary>The option as the planner takes it: "standard" (what estimates report back) means none, so an estimate pipes back in unchanged.</summary>
    private protected string? PlanOption =>
        string.IsNullOrWhiteSpace(Option) || Option.Trim().Equals("standard", StringComparison.OrdinalIgnoreCase) ? null : Option.Trim();
}
