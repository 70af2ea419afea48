namespace GeosChem.PowerShell.Planning;

/// <summary>A plan to estimate, as the user gave it (names not yet checked).</summary>
internal sealed record EstimateRequest(
    string Model,
    string Simulation,
    string Resolution,
    double SimulationDays,
    string InstanceType,
    int NodeCount,
    int? CoresPerNode,
    bool Spot,
    string Region,
    string? Option = null);
