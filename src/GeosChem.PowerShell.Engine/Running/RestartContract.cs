namespace GeosChem.PowerShell.Running;

/// <summary>
/// The environment variables a GEOS-Chem container receives from its job definition and submission, so that its
/// entrypoint can fetch the run directory, resume from the newest restart file and save results. The full contract,
/// which the container images implement, is docs/checkpoint-restart-contract.md.
/// </summary>
internal static class RestartContract
{
    public const string Model = "GC_MODEL";
    public const string RunDirectory = "GC_RUN_DIRECTORY";
    public const string OutputPrefix = "GC_OUTPUT_PREFIX";
    public const string RestartPrefix = "GC_RESTART_PREFIX";
    public const string RestartRule = "GC_RESTART_RULE";
    public const string SimulationStart = "GC_SIM_START";
    public const string SimulationEnd = "GC_SIM_END";
    public const string RestartSyncSeconds = "GC_RESTART_SYNC_SECONDS";
    public const string MpiProcessesPerNode = "GC_MPI_PROCS_PER_NODE";
    public const string MpiHostFile = "GC_MPI_HOSTFILE";
    public const string Efa = "GC_EFA";
    /// <summary>Where the job reads GEOS-Chem's input data (the entrypoint stages into it what is not there yet).</summary>
    public const string DataRoot = "GC_DATA_ROOT";

    /// <summary>The variables a submission sets (the definition sets the rest).</summary>
    public static readonly IReadOnlySet<string> SubmissionVariables = new HashSet<string>(StringComparer.Ordinal)
    {
        RunDirectory, OutputPrefix, RestartPrefix, SimulationStart, SimulationEnd,
    };

    /// <summary>The newest restart is the one whose file name carries the latest simulation time, not the newest upload.</summary>
    public const string NewestBySimulationTime = "newest-simulation-time";

    /// <summary>Restarts live beside the run's output unless the user says otherwise.</summary>
    public static string? DefaultRestartPrefix(string? runDirectory, string? outputPrefix) =>
        outputPrefix is not null ? outputPrefix + "Restarts/" : runDirectory is not null ? runDirectory + "Restarts/" : null;

    public static string FormatSimulationTime(DateTime time) => time.ToString("yyyyMMdd HHmmss", System.Globalization.CultureInfo.InvariantCulture);
}
