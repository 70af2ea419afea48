namespace GeosChem.PowerShell.Planning.Runtime;

/// <summary>Seconds of wall time per simulated day, per GEOS-Chem component, before the network factor.</summary>
internal sealed record DayCost(double InputSeconds, double ChemistrySeconds, double TransportSeconds, double OutputSeconds,
    double NetworkFactor, double ProcessorSpeed, string Generation)
{
    public double Total => (InputSeconds + ChemistrySeconds + TransportSeconds + OutputSeconds) * NetworkFactor;
}

/// <summary>
/// Wall time of a GEOS-Chem run, per component, as a GEOS-Chem engineer would break it down (GEOS-Chem's own timer
/// block: HEMCO / ExtData, chemistry, transport + convection + mixing, diagnostics):
/// <list type="bullet">
/// <item>Input (HEMCO in Classic, MAPL ExtData in GCHP) does not shrink with cores. Classic's grows with the grid;
/// GCHP reads the same global met at any resolution.</item>
/// <item>Output (History) grows with the grid and the diagnostics switched on, and does not shrink with cores.</item>
/// <item>Chemistry and transport work = columns x steps per day (GEOS-Chem's default steps per grid) x the simulation's
/// work. Classic (OpenMP) divides it by threads following Amdahl's law, with its own serial fraction for chemistry and
/// for transport (TPCORE parallelises over levels); hyper-threads add a fraction of a core. GCHP (MPI) divides it by
/// ranks, transport paying a halo exchange that grows as the cells per rank shrink (perimeter over area).</item>
/// <item>GEOS-Chem 11/12 did less work per step than 14 (fewer species, coarser emissions): one factor.</item>
/// <item>Multi-node GCHP over TCP rather than EFA/InfiniBand pays a penalty that grows with log2(nodes).</item>
/// </list>
/// </summary>
internal sealed class RuntimeModel
{
    public static readonly string[] ParameterNames =
    [
        "ln chemistry s/day (4x5, 1 core)", "ln transport s/day (4x5, 1 core)", "ln Classic input s/day (4x5)", "ln output s/day (4x5, benchmark)",
        "Classic chemistry serial fraction", "Classic transport serial fraction", "Classic hyper-thread gain",
        "ln GCHP ExtData s/day", "GCHP halo coefficient", "GCHP hyper-thread penalty", "TCP penalty per node doubling",
        "ln GEOS-Chem 11/12 work vs 14", "ln GCHP compute vs Classic",
        "ln TransportTracers transport", "ln TransportTracers input", "ln carbon chemistry", "ln carbon transport", "ln carbon input",
    ];
    public static int ParameterCount => ParameterNames.Length;

    private const double ReferenceColumns = 3312; // 4x5
    private const double ReferenceTransportSteps = 144; // 600 s
    private const double ReferenceChemistrySteps = 72; // 1200 s

    private readonly double[] _p;
    private readonly ProcessorSpeeds _speeds;

    public RuntimeModel(double[] parameters, ProcessorSpeeds speeds)
    {
        if (parameters.Length != ParameterCount) throw new ArgumentException($"The runtime model takes {ParameterCount} parameters.", nameof(parameters));
        _p = parameters;
        _speeds = speeds;
    }

    public IReadOnlyList<double> Parameters => _p;

    public double ChemistrySecondsPerDayOneCore => Math.Exp(_p[0]);
    public double TransportSecondsPerDayOneCore => Math.Exp(_p[1]);
    public double ClassicInputSecondsPerDay => Math.Exp(_p[2]);
    public double OutputSecondsPerDay => Math.Exp(_p[3]);
    public double ClassicChemistrySerialFraction => _p[4];
    public double ClassicTransportSerialFraction => _p[5];
    public double ClassicHyperThreadGain => _p[6];
    public double GchpExtDataSecondsPerDay => Math.Exp(_p[7]);
    public double GchpHaloCoefficient => _p[8];
    public double GchpHyperThreadPenalty => _p[9];
    public double TcpPenaltyPerNodeDoubling => _p[10];
    public double OlderVersionWork => Math.Exp(_p[11]);
    public double GchpComputeFactor => Math.Exp(_p[12]);

    /// <summary>The simulation's work per component: fitted for TransportTracers and carbon, the data file's estimate otherwise.</summary>
    public SimulationWork WorkOf(string simulation)
    {
        var listed = _speeds.WorkOf(simulation);
        if (simulation.Equals("TransportTracers", StringComparison.OrdinalIgnoreCase))
            return listed with { Chemistry = 0, Transport = Math.Exp(_p[13]), Input = Math.Exp(_p[14]) };
        if (simulation.Equals("carbon", StringComparison.OrdinalIgnoreCase))
            return listed with { Chemistry = Math.Exp(_p[15]), Transport = Math.Exp(_p[16]), Input = Math.Exp(_p[17]) };
        return listed;
    }

    public DayCost PerDay(RunPlan plan)
    {
        var generation = _speeds.GenerationOf(plan.Instance.Processor);
        var speed = generation?.Speed ?? 0.8;
        var work = WorkOf(plan.Simulation);
        var option = _speeds.OptionOf(plan.Option);
        var version = plan.CurrentGeneration ? 1.0 : OlderVersionWork;
        var columns = plan.Columns / ReferenceColumns;
        var chemistryWork = ChemistrySecondsPerDayOneCore * work.Chemistry * option.Chemistry * version * columns * (86_400.0 / plan.ChemistryStepSeconds) / ReferenceChemistrySteps;
        var transportWork = TransportSecondsPerDayOneCore * work.Transport * version * columns * (86_400.0 / plan.TransportStepSeconds) / ReferenceTransportSteps;
        var output = OutputSecondsPerDay * option.Output * columns / speed;
        double input, chemistry, transport;
        if (plan.IsGchp)
        {
            var physicalPerNode = Math.Min(plan.WorkersPerNode, plan.Instance.PhysicalCores);
            var ranks = Math.Max(1, plan.TotalWorkers);
            var perRank = GchpComputeFactor / (speed * ranks);
            if (plan.HyperThreaded) perRank *= 1 + GchpHyperThreadPenalty * (plan.WorkersPerNode - physicalPerNode) / (double)plan.WorkersPerNode;
            var columnsPerRank = (double)plan.Columns / ranks;
            chemistry = chemistryWork * perRank;
            transport = transportWork * perRank * (1 + GchpHaloCoefficient / Math.Sqrt(columnsPerRank));
            input = GchpExtDataSecondsPerDay * work.Input * version / speed;
        }
        else
        {
            var physical = Math.Min(plan.WorkersPerNode, plan.Instance.PhysicalCores);
            var effective = Math.Max(1, physical + ClassicHyperThreadGain * Math.Max(0, plan.WorkersPerNode - physical));
            chemistry = chemistryWork / speed * Amdahl(ClassicChemistrySerialFraction, effective);
            transport = transportWork / speed * Amdahl(ClassicTransportSerialFraction, effective);
            input = ClassicInputSecondsPerDay * work.Input * version * columns / speed;
        }
        var network = plan.Nodes > 1 && !plan.Efa ? 1 + TcpPenaltyPerNodeDoubling * Math.Log2(plan.Nodes) : 1;
        return new DayCost(input, chemistry, transport, output, network, speed, generation?.Name ?? "unknown");
    }

    private static double Amdahl(double serial, double workers) => serial + (1 - serial) / workers;

    public double WallSeconds(RunPlan plan) => PerDay(plan).Total * plan.SimulationDays;
}
