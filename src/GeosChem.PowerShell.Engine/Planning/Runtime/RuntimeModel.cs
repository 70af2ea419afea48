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
        "ln GCHP 12/13 work vs 14",
    ];
    public static int ParameterCount => ParameterNames.Length;

    private const double ReferenceColumns = 3312; // 4x5
    private const double ReferenceTransportSteps = 144; // 600 s
    private const double ReferenceChemistrySteps = 72; // 1200 s

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, ProcessorGeneration?> Generations = new(StringComparer.Ordinal);
    private readonly double[] _p;
    private readonly ProcessorSpeeds _speeds;

    public RuntimeModel(double[] parameters, ProcessorSpeeds speeds)
    {
        if (parameters.Length != ParameterCount) throw new ArgumentException($"The runtime model takes {ParameterCount} parameters.", nameof(parameters));
        _p = parameters;
        _speeds = speeds;
    }

    public IReadOnlyList<double> Parameters => _p;

    /// <summary>The fitted terms in their own units, for the benchmark report.</summary>
    public IEnumerable<(string Name, double Value)> Terms() =>
    [
        ("chemistry s/day, 4x5 fullchem, one core at speed 1", ChemistrySecondsPerDayOneCore),
        ("transport s/day, 4x5 fullchem, one core at speed 1", TransportSecondsPerDayOneCore),
        ("Classic input (HEMCO) s/day at 4x5 fullchem", ClassicInputSecondsPerDay),
        ("output s/day at 4x5, benchmark diagnostics", OutputSecondsPerDay),
        ("Classic chemistry serial fraction", ClassicChemistrySerialFraction),
        ("Classic transport serial fraction", ClassicTransportSerialFraction),
        ("Classic hyper-thread gain (share of a core)", ClassicHyperThreadGain),
        ("GCHP ExtData s/day (fullchem)", GchpExtDataSecondsPerDay),
        ("GCHP halo coefficient", GchpHaloCoefficient),
        ("GCHP hyper-thread penalty", GchpHyperThreadPenalty),
        ("TCP penalty per node doubling", TcpPenaltyPerNodeDoubling),
        ("GEOS-Chem Classic 11/12 work vs 14", OlderClassicWork),
        ("GCHP 12/13 work vs 14", OlderGchpWork),
        ("GCHP compute vs Classic, per unit of work", GchpComputeFactor),
        ("TransportTracers transport vs fullchem", WorkOf("TransportTracers").Transport),
        ("TransportTracers input vs fullchem", WorkOf("TransportTracers").Input),
        ("carbon chemistry vs fullchem", WorkOf("carbon").Chemistry),
        ("carbon transport vs fullchem", WorkOf("carbon").Transport),
        ("carbon input vs fullchem", WorkOf("carbon").Input),
    ];

    public double ChemistrySecondsPerDayOneCore => Math.Exp(_p[0]);
    public double TransportSecondsPerDayOneCore => Math.Exp(_p[1]);
    public double ClassicInputSecondsPerDay => Math.Exp(_p[2]);
    public double OutputSecondsPerDay => Math.Exp(_p[3]);
    // Bounded terms are fitted unconstrained and mapped into physically plausible ranges, so that with a few dozen runs
    // no term absorbs what the others miss: Amdahl serial fractions 0.1-20% (Classic flattens past ~24-48 threads at
    // 4x5); a hyper-thread adds 0-40% of a core to Classic (its own runs: 8402/7282 s and 6690/5656 s) and costs GCHP
    // 0-60%; older versions did 20-100% of GEOS-Chem 14's work.
    public double ClassicChemistrySerialFraction => Bounded(_p[4], 0.001, 0.2);
    public double ClassicTransportSerialFraction => Bounded(_p[5], 0.001, 0.2);
    public double ClassicHyperThreadGain => Bounded(_p[6], 0, 0.4);
    public double GchpExtDataSecondsPerDay => Math.Exp(_p[7]);
    public double GchpHaloCoefficient => Bounded(_p[8], 0, 30);
    public double GchpHyperThreadPenalty => Bounded(_p[9], 0, 0.6);
    public double TcpPenaltyPerNodeDoubling => Bounded(_p[10], 0, 2);
    public double OlderClassicWork => Bounded(_p[11], 0.2, 1.0);
    public double GchpComputeFactor => Math.Exp(_p[12]);
    public double OlderGchpWork => Bounded(_p[18], 0.05, 1.0);

    /// <summary>Maps an unconstrained fitted value into [low, high] (logistic).</summary>
    public static double Bounded(double x, double low, double high) => low + (high - low) / (1 + Math.Exp(-x));

    /// <summary>The unconstrained value that <see cref="Bounded"/> maps to <paramref name="value"/>.</summary>
    public static double Unbounded(double value, double low, double high) => -Math.Log((high - low) / (value - low) - 1);

    /// <summary>The simulation's work per component: fitted for TransportTracers and carbon, the data file's estimate otherwise.</summary>
    public SimulationWork WorkOf(string simulation)
    {
        var listed = _speeds.WorkOf(simulation);
        if (simulation.Equals("TransportTracers", StringComparison.OrdinalIgnoreCase))
            return listed with { Chemistry = 0, Transport = Share(_p[13]), Input = Share(_p[14]) };
        if (simulation.Equals("carbon", StringComparison.OrdinalIgnoreCase))
            return listed with { Chemistry = Share(_p[15]), Transport = Share(_p[16]), Input = Share(_p[17]) };
        return listed;
    }

    public DayCost PerDay(RunPlan plan)
    {
        var generation = Generations.GetOrAdd(plan.Instance.Processor, _speeds.GenerationOf);
        var speed = generation?.Speed ?? 0.8;
        var work = WorkOf(plan.Simulation);
        var option = _speeds.OptionOf(plan.Option);
        var version = plan.CurrentGeneration ? 1.0 : plan.IsGchp ? OlderGchpWork : OlderClassicWork;
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

    /// <summary>TransportTracers and carbon work, fitted: not above 1.5x fullchem's.</summary>
    private static double Share(double x) => Math.Exp(Math.Min(x, Math.Log(1.5)));

    private static double Amdahl(double serial, double workers) => serial + (1 - serial) / workers;

    public double WallSeconds(RunPlan plan) => PerDay(plan).Total * plan.SimulationDays;
}
