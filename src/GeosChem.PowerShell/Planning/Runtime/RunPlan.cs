namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>What the runtime model needs to know about one run.</summary>
internal sealed record RunPlan(
    string Model,
    string Simulation,
    int Columns,
    int TransportStepSeconds,
    double SimulationDays,
    InstanceSpec Instance,
    int Nodes,
    int WorkersPerNode,
    bool Efa,
    bool CurrentGeneration = true,
    double WorkMultiplier = 1.0)
{
    public bool IsGchp => Model == "GCHP";
    public int TotalWorkers => Nodes * WorkersPerNode;
    /// <summary>More workers per node than physical cores: hyper-threads in use.</summary>
    public bool HyperThreaded => WorkersPerNode > Instance.PhysicalCores;
}
