namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>What the runtime model needs to know about one run.</summary>
internal sealed record RunPlan(
    string Model,
    string Simulation,
    int Columns,
    int TransportStepSeconds,
    int ChemistryStepSeconds,
    double SimulationDays,
    InstanceSpec Instance,
    int Nodes,
    int WorkersPerNode,
    bool Efa,
    bool CurrentGeneration = true,
    string Option = "standard")
{
    public bool IsGchp => Model == "GCHP";
    public int TotalWorkers => Nodes * WorkersPerNode;
    /// <summary>More workers per node than physical cores: hyper-threads in use.</summary>
    public bool HyperThreaded => WorkersPerNode > Instance.PhysicalCores;
}
