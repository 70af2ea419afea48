using System.Globalization;
using System.Text.Json.Nodes;
using GeosChem.PowerShell.Planning;

namespace GeosChem.AwsEmulator.Batch;

/// <summary>
/// What GEOS-Chem itself prints in a finished attempt's log, in its real layouts, with times from the module's runtime
/// model for the instance type the attempt ran on and the job's threads or ranks, plus noise seeded by the job id:
/// GCClassic's header lines, its daily "---> DATE:" lines (GeosUtil/time_mod.F90), the timer table of
/// GeosUtil/timers_mod.F90 (Timer_PrintAll, 14.7.0: main.F90's timers in main.F90's order) and the closing banner;
/// GCHP's "GCHP Date:" lines and MAPL's profiler tables (generic/MAPL_Generic.F90 report_generic_profile, and rank 0's
/// report from base/ApplicationSupport.F90), each behind pFlogger's prefix as in allPEs.log.
/// A real container learns the simulation and grid from its run directory; the emulator has none, so it reads them
/// from the job's tags (geoschem:simulation, geoschem:resolution), defaulting to fullchem at 4x5 (GCClassic) or C24 (GCHP).
/// How a component's seconds split among GEOS-Chem's timers within it (gas-phase against photolysis, ...) is the
/// emulator's own choice; only the components' totals come from the model.
/// </summary>
public static class GeosChemRunLog
{
    public const string SimulationTag = "geoschem:simulation";
    public const string ResolutionTag = "geoschem:resolution";
    private const string MaplPrefix = "0000: MAPL.profiler: INFO: ";
    private const double Noise = 0.05;

    /// <summary>The GEOS-Chem lines of an attempt that ran <paramref name="from"/> to <paramref name="to"/>; none when the model refuses the plan.</summary>
    public static IReadOnlyList<string> Lines(BatchJob job, BatchAttempt attempt, DateTime from, DateTime to, string region)
    {
        var env = Environment(job);
        var model = env.GetValueOrDefault("GC_MODEL") is "GCHP" ? "GCHP" : "GCClassic";
        var gchp = model == "GCHP";
        var workers = int.TryParse(env.GetValueOrDefault(gchp ? "GC_MPI_PROCS_PER_NODE" : "OMP_NUM_THREADS"), NumberStyles.Integer, CultureInfo.InvariantCulture, out var w) && w > 0 ? w : 1;
        var nodes = job.NumNodes ?? 1;
        var simulation = Tag(job, SimulationTag) ?? "fullchem";
        var resolution = Tag(job, ResolutionTag) ?? (gchp ? "C24" : "4x5");
        var days = (to - from).TotalDays;
        PreparedEstimate estimate;
        try
        {
            estimate = CostEstimator.Default.Prepare(new EstimateRequest(model, simulation, resolution, days, attempt.InstanceType, nodes, workers, false, region),
                DateOnly.FromDateTime(DateTime.UtcNow));
        }
        catch (Exception ex) when (ex is GeosChem.PowerShell.Errors.GcException)
        {
            return [$"[emulator] GEOS-Chem would not run this plan ({ex.Message}); no timers."];
        }
        var random = new Random(Seed(job.JobId, attempt.Number));
        var f = estimate.PerDay.NetworkFactor * days * job.Scenario.RuntimeFactor;
        var parts = new Components(
            Vary(random, estimate.PerDay.InputSeconds * f), Vary(random, estimate.PerDay.ChemistrySeconds * f),
            Vary(random, estimate.PerDay.TransportSeconds * f), Vary(random, estimate.PerDay.OutputSeconds * f));
        return gchp ? Gchp(parts, from, to, workers * nodes, random) : Classic(parts, from, to, simulation);
    }

    private sealed record Components(double Input, double Chemistry, double Transport, double Output);

    private static List<string> Classic(Components c, DateTime from, DateTime to, string simulation)
    {
        var lines = new List<string>
        {
            "===> Mode of operation         : GEOS-Chem \"Classic\"",
            "===> GEOS-Chem version         : 14.7.0",
            $"Start time of run           : {from:yyyyMMdd HHmmss}",
            $"End time of run             : {to:yyyyMMdd HHmmss}",
        };
        for (var day = from; day < to; day = day.AddDays(1)) lines.Add($"---> DATE: {day:yyyy'/'MM'/'dd}  UTC: {day:HH':'mm}");
        var chemistry = new[] { ("=> Gas-phase chem", 0.80), ("=> Photolysis", 0.08), ("=> Aerosol chem", 0.12) };
        var transport = new[] { ("Transport", 0.55), ("Convection", 0.15), ("Boundary layer mixing", 0.15), ("Dry deposition", 0.05), ("Wet deposition", 0.10) };
        var total = (c.Input + c.Chemistry + c.Transport + c.Output) * 1.01; // setup and I/O outside the timers
        lines.Add(" ");
        lines.Add(new string('=', 79));
        lines.Add("G E O S - C H E M   T I M E R S");
        lines.Add(" ");
        lines.Add("  Timer name" + new string(' ', 23) + "DD-hh:mm:ss.SSS" + new string(' ', 5) + "Total Seconds");
        lines.Add(new string('-', 79));
        lines.Add(ClassicRow("GEOS-Chem", total));
        lines.Add(ClassicRow("HEMCO", c.Input));
        lines.Add(ClassicRow("All chemistry", c.Chemistry));
        foreach (var (name, share) in chemistry) lines.Add(ClassicRow(name, c.Chemistry * share));
        lines.Add(ClassicRow("=> Linearized chem", null));
        foreach (var (name, share) in transport) lines.Add(ClassicRow(name, c.Transport * share));
        lines.Add(ClassicRow("Diagnostics", c.Output));
        lines.Add(ClassicRow("Unit conversions", null));
        if (simulation.Equals("fullchem", StringComparison.OrdinalIgnoreCase))
        {
            lines.Add(new string('%', 65));
            lines.Add("%%%%%     To compute the OH metrics, execute the Python     %%%%%");
            lines.Add("%%%%%       script \"metrics.py\" in this run directory.      %%%%%");
            lines.Add(new string('%', 65));
        }
        lines.Add("**************   E N D   O F   G E O S -- C H E M   **************");
        return lines;
    }

    /// <summary>timers_mod.F90's row: 2x, a30, ':', 2x, DD-hh:mm:ss.SSS (milliseconds truncated), 4x, f14.3; or the text for a timer that did not run.</summary>
    public static string ClassicRow(string name, double? seconds)
    {
        var label = "  " + name.PadRight(30)[..30];
        if (seconds is not { } s) return label + ":  >>>>> THE TIMER DID NOT RUN <<<<<";
        var whole = (long)Math.Floor(s);
        var ms = (int)((s - whole) * 1000);
        var dhms = string.Create(CultureInfo.InvariantCulture, $"{whole / 86400:D2}-{whole % 86400 / 3600:D2}:{whole % 3600 / 60:D2}:{whole % 60:D2}.{ms:D3}");
        return label + ":  " + dhms + "    " + s.ToString("F3", CultureInfo.InvariantCulture).PadLeft(14);
    }

    private static List<string> Gchp(Components c, DateTime from, DateTime to, int ranks, Random random)
    {
        var lines = new List<string>
        {
            $" CAP: INFO: Read CAP restart properly, Current Date =   {from:yyyy'/'MM'/'dd}",
            $" CAP: INFO:                            Current Time =   {from:HH':'mm':'ss}",
        };
        for (var day = from.AddDays(1); day <= to; day = day.AddDays(1)) lines.Add($" GCHP Date: {day:yyyy'/'MM'/'dd}  Time: {day:HH':'mm':'ss}");
        var run = new[] { ("GC_CHEM", c.Chemistry * 0.9), ("GC_CONV", c.Transport * 0.2), ("GC_TURB", c.Transport * 0.1), ("GC_WETDEP", c.Chemistry * 0.1), ("GC_DIAGN", c.Output) };
        var chemRun = run.Sum(r => r.Item2);
        var chem = chemRun * 1.001;
        var total = chem + c.Input + c.Transport * 0.7;
        lines.Add(MaplPrefix);
        lines.Add(MaplPrefix + "Times for component <GCHPchem>");
        lines.Add(MaplPrefix + "                                        Min                            Mean                           Max                     PE         # cycles");
        lines.Add(MaplPrefix + "                            ============================   ============================   ============================   =============   ========");
        lines.Add(MaplPrefix + "Name                          %    inclusive  exclusive      %    inclusive  exclusive      %    inclusive  exclusive     max    min");
        lines.Add(MaplPrefix + "                            ------ ---------- ----------   ------ ---------- ----------   ------ ---------- ----------   ------ ------");
        lines.Add(MaplPrefix + MaplRow("GCHPchem", 0, chem, chem - chemRun, total, ranks, random, 1));
        lines.Add(MaplPrefix + MaplRow("Run", 1, chemRun, 0.01 * chemRun, total, ranks, random, (long)((to - from).TotalDays * 144)));
        foreach (var (name, seconds) in run) lines.Add(MaplPrefix + MaplRow(name, 2, seconds, seconds, total, ranks, random, (long)((to - from).TotalDays * 144)));
        lines.Add(MaplPrefix);
        lines.Add(MaplPrefix + "Report on process: 0");
        lines.Add(MaplPrefix + "Name                                               #-cycles  Inclusive          Exclusive");
        lines.Add(MaplPrefix + ProcessRow("GCHP", 0, 1, total, 0.01, total));
        lines.Add(MaplPrefix + ProcessRow("GCHPchem", 1, (long)((to - from).TotalDays * 144), chem, chem - chemRun, total));
        return lines;
    }

    /// <summary>report_generic_profile's row: name a25; '|'; percent f6.2, inclusive f10.2, exclusive f10.2 for min, mean and max; the ranks of max and min (i5.5); cycles i8.</summary>
    private static string MaplRow(string name, int depth, double inclusive, double exclusive, double total, int ranks, Random random, long cycles)
    {
        var spread = ranks > 1 ? 0.03 : 0;
        string Stats(double factor) => string.Create(CultureInfo.InvariantCulture,
            $" {100 * exclusive * factor / total,6:F2} {inclusive * factor,10:F2} {exclusive * factor,10:F2} |");
        var pemax = random.Next(ranks);
        var pemin = random.Next(ranks);
        return (new string('-', 2 * depth) + name).PadRight(25) + " |" + Stats(1 - spread) + Stats(1) + Stats(1 + spread)
            + string.Create(CultureInfo.InvariantCulture, $"  {pemax:D5}  {pemin:D5} | {cycles,8}");
    }

    private static string ProcessRow(string name, int depth, long cycles, double inclusive, double exclusive, double total) =>
        (new string('-', 2 * depth) + name).PadRight(50) + string.Create(CultureInfo.InvariantCulture,
            $" {cycles,9}  {inclusive,8:F3} {100 * inclusive / total,6:F2} {exclusive,8:F3} {100 * exclusive / total,6:F2}");

    private static double Vary(Random random, double seconds)
    {
        // A normal draw (Box-Muller) on the log scale: run-to-run variation of a few percent.
        var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        return seconds * Math.Exp(Noise * Math.Clamp(normal, -3, 3));
    }

    /// <summary>A seed that is the same in every process (string.GetHashCode is not): FNV-1a over the job id and attempt.</summary>
    private static int Seed(string jobId, int attempt)
    {
        var hash = 2166136261u;
        foreach (var ch in $"{jobId}/{attempt}") hash = (hash ^ ch) * 16777619u;
        return (int)(hash & 0x7FFFFFFF);
    }

    private static string? Tag(BatchJob job, string key) => job.Tags[key]?.GetValue<string>() is { Length: > 0 } value ? value : null;

    private static Dictionary<string, string> Environment(BatchJob job) =>
        BatchJson.MergedEnvironment(job.Definition.Container ?? [], job.ContainerOverrides).OfType<JsonObject>()
            .ToDictionary(e => e["name"]!.GetValue<string>(), e => e["value"]?.GetValue<string>() ?? "");
}
