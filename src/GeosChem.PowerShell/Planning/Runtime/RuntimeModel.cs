namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>Seconds of wall time per simulated day, split into the terms that produced them.</summary>
internal sealed record DayCost(double InputSeconds, double ComputeSeconds, double NetworkFactor, double ProcessorSpeed, string Generation)
{
    public double Total => (InputSeconds + ComputeSeconds) * NetworkFactor;
}

/// <summary>
/// Wall time of a GEOS-Chem run from terms a GEOS-Chem engineer would recognise:
/// compute = K_model x simulation work x grid work (columns x transport steps per day) / (per-core speed x workers^alpha_model),
/// with hyper-threading helping Classic (OpenMP) and hurting GCHP (MPI); an input (HEMCO/ExtData) term per simulated
/// day that does not shrink with cores (Classic's grows with the grid; GCHP reads the same global met at any
/// resolution; TransportTracers reads far less); a factor for GCHP 14's heavier input and emissions
/// against the GCHP 12.3 of the older timings; and, for multi-node runs over TCP rather than EFA, a penalty that grows with log2(nodes).
/// </summary>
internal sealed class RuntimeModel
{
    public const int ParameterCount = 12;
    private const double ReferenceColumns = 3312; // 4x5

    private readonly double[] _p;
    private readonly ProcessorSpeeds _speeds;

    public RuntimeModel(double[] parameters, ProcessorSpeeds speeds)
    {
        if (parameters.Length != ParameterCount) throw new ArgumentException($"The runtime model takes {ParameterCount} parameters.", nameof(parameters));
        _p = parameters;
        _speeds = speeds;
    }

    public IReadOnlyList<double> Parameters => _p;

    public double ClassicScale => Math.Exp(_p[0]);
    public double GchpScale => Math.Exp(_p[1]);
    public double ClassicScaling => _p[2];
    public double GchpScaling => _p[3];
    public double ClassicHyperThreadGain => Math.Abs(_p[4]);
    public double GchpHyperThreadPenalty => Math.Abs(_p[5]);
    public double ClassicInputSecondsPer4x5Day => Math.Exp(_p[6]);
    public double GchpInputSecondsPerDay => Math.Exp(_p[7]);
    public double TcpPenaltyPerNodeDoubling => Math.Abs(_p[8]);
    public double TransportTracersWork => Math.Exp(_p[9]);
    /// <summary>How much more GCHP 14 does per simulated day than the GCHP 12.3 behind the older C180 timings (MAPL ExtData,
    /// 0.1-degree emissions). Classic gets no such factor: its 12.1.1 calibration matches the published 14.x benchmark
    /// month (3-3.5 h on 48 cores, geos-chem#2108) without one.</summary>
    public double CurrentGenerationFactor => Math.Exp(_p[10]);
    /// <summary>TransportTracers' input time as a share of fullchem's (it reads met fields, not emissions).</summary>
    public double TransportTracersInputShare => Math.Exp(_p[11]);

    public double WorkOf(string simulation) =>
        simulation.Equals("TransportTracers", StringComparison.OrdinalIgnoreCase) ? TransportTracersWork
        : _speeds.SimulationWork.TryGetValue(simulation, out var w) ? w : 1.0;

    private double InputShareOf(string simulation) =>
        simulation.Equals("TransportTracers", StringComparison.OrdinalIgnoreCase) ? TransportTracersInputShare : 1.0;

    public DayCost PerDay(RunPlan plan)
    {
        var generation = _speeds.GenerationOf(plan.Instance.Processor);
        var speed = generation?.Speed ?? 0.8;
        var gridWork = plan.Columns * (86_400.0 / plan.TransportStepSeconds) / 1e6;
        var work = WorkOf(plan.Simulation) * plan.WorkMultiplier * gridWork;
        double compute, input;
        if (plan.IsGchp)
        {
            var physical = Math.Min(plan.WorkersPerNode, plan.Instance.PhysicalCores) * plan.Nodes;
            compute = GchpScale * work / (speed * Math.Pow(Math.Max(1, physical), GchpScaling));
            if (plan.HyperThreaded) compute *= 1 + GchpHyperThreadPenalty;
            input = GchpInputSecondsPerDay * InputShareOf(plan.Simulation);
        }
        else
        {
            var cores = Math.Min(plan.WorkersPerNode, plan.Instance.PhysicalCores);
            compute = ClassicScale * work / (speed * Math.Pow(Math.Max(1, cores), ClassicScaling));
            if (plan.HyperThreaded) compute /= 1 + ClassicHyperThreadGain;
            input = ClassicInputSecondsPer4x5Day * plan.Columns / ReferenceColumns * InputShareOf(plan.Simulation);
        }
        if (plan.CurrentGeneration && plan.IsGchp)
        {
            compute *= CurrentGenerationFactor;
            input *= CurrentGenerationFactor;
        }
        var network = plan.Nodes > 1 && !plan.Efa ? 1 + TcpPenaltyPerNodeDoubling * Math.Log2(plan.Nodes) : 1;
        return new DayCost(input, compute, network, speed, generation?.Name ?? "unknown");
    }

    public double WallSeconds(RunPlan plan) => PerDay(plan).Total * plan.SimulationDays;
}
